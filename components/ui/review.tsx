"use client";
import { useEffect, useRef, useState, useTransition } from "react";
import { parseMajorToMinor } from "@/lib/money";
import { Button } from "./button";
import { SubmitButton } from "./submit-button";

export interface ReviewLine {
  label: string;
  value: React.ReactNode;
  /** data-testid of the value. */
  testId?: string;
}

/**
 * The second step before money moves: what will happen (amount, to whom, balance after) and an explicit
 * confirm button that submits the form; "Change" goes back to the fields. Rendered inside the form, it takes the
 * focus when it appears so keyboard and screen-reader users land on it.
 */
export function ReviewPanel({
  title,
  lines,
  note,
  warning,
  confirmLabel,
  pendingLabel,
  backLabel = "Change",
  onBack,
  testId,
  variant = "primary",
}: {
  title: string;
  lines: ReviewLine[];
  note?: React.ReactNode;
  warning?: React.ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  backLabel?: string;
  onBack: () => void;
  testId?: string;
  variant?: "primary" | "danger";
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div ref={ref} tabIndex={-1} role="group" aria-labelledby={`${testId ?? "review"}-title`} className="space-y-3 rounded-md border border-brand-100 bg-brand-50 p-4" data-testid={testId}>
      <p id={`${testId ?? "review"}-title`} className="text-sm font-semibold text-slate-900">
        {title}
      </p>
      <dl className="space-y-1 text-sm">
        {lines.map((l) => (
          <div key={l.label} className="flex flex-wrap justify-between gap-x-4">
            <dt className="text-slate-600">{l.label}</dt>
            <dd className="min-w-0 break-words font-medium tabular-nums text-slate-900" data-testid={l.testId}>
              {l.value}
            </dd>
          </div>
        ))}
      </dl>
      {warning ? (
        <p className="text-sm font-medium text-amber-900" role="note">
          {warning}
        </p>
      ) : null}
      {note ? <p className="text-xs text-slate-600">{note}</p> : null}
      <div className="flex flex-wrap gap-2">
        <SubmitButton pendingLabel={pendingLabel} variant={variant}>
          {confirmLabel}
        </SubmitButton>
        <Button type="button" variant="secondary" onClick={onBack}>
          {backLabel}
        </Button>
      </div>
    </div>
  );
}

/** Minor units typed in a form field, or null when the text is not a positive amount (the server then explains). */
export function typedAmount(text: string, currency: string): number | null {
  try {
    const minor = parseMajorToMinor(text.replace(/^[$€£]/, ""), currency);
    return minor > 0 ? minor : null;
  } catch {
    return null;
  }
}

/**
 * A form with a review step: the first submit opens the review (built by `review` from the typed values; when
 * it returns null, the values go straight to the server, which answers with field errors and moves nothing);
 * the confirm button inside the review submits for real. A new answer from the server closes the review.
 */
export function useReviewStep<R>(action: (formData: FormData) => void, answer: unknown, review: (values: FormData) => R | null) {
  const [pending, setPending] = useState<R | null>(null);
  const [, startTransition] = useTransition();
  // A new answer from the server (success or errors) closes the review: adjusted while rendering, as React
  // recommends for state that follows a prop.
  const [seen, setSeen] = useState(answer);
  if (seen !== answer) {
    setSeen(answer);
    setPending(null);
  }
  const onSubmit = (e: React.FormEvent<HTMLFormElement>) => {
    if (pending) return; // the confirm button: let the form's action run
    e.preventDefault();
    const values = new FormData(e.currentTarget);
    const r = review(values);
    if (r) setPending(() => r);
    else startTransition(() => action(values));
  };
  return { review: pending, onSubmit, back: () => setPending(null) };
}
