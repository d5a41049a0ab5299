"use client";
/**
 * Confirmations before money moves: the one review primitive of the app. Nothing moves on the first click;
 * the person sees what will happen (amount, to whom, balance after) and presses a second, explicit button.
 *
 * - A form with fields (transfers, organisation payments, a settlement with adjustable lines): call
 *   `useReviewStep(action, answer, (values) => reviewOrNull)` and render `<ReviewPanel>` inside the form when
 *   `review` is set, hiding the fields (see components/wallet/transfer-form.tsx).
 * - One button (cancel an IOU, refund an order, confirm a settlement): `<ReviewedAction>` with the hidden
 *   fields, the trigger's label and the review's lines; its confirm button submits the action.
 *
 * The server still checks everything: a review built from typed values is only what the person sees.
 */
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
}: ReviewPanelProps & { onBack: () => void }) {
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

export interface ReviewPanelProps {
  title: string;
  lines: ReviewLine[];
  note?: React.ReactNode;
  warning?: React.ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  backLabel?: string;
  testId?: string;
  variant?: "primary" | "danger";
}

/**
 * One action behind a review: a trigger button; pressing it shows the review (what will happen) with the
 * confirm button that submits `action` and a button to go back. `answer` is the action's state (from
 * useActionState): a new answer closes the review, and its `error` is announced under the form.
 *
 *   const [state, action] = useActionState(refundAction, {});
 *   <ReviewedAction action={action} answer={state} error={state.error} hidden={{ orderId }} trigger="Refund"
 *     review={{ title: "Refund this order?", lines: [{ label: "Amount", value: "$20.00" }, { label: "To", value: buyer }],
 *               confirmLabel: "Refund $20.00", pendingLabel: "Refunding…", variant: "danger" }} />
 */
export function ReviewedAction({
  action,
  answer,
  error,
  hidden,
  trigger,
  triggerVariant = "secondary",
  triggerClassName = "px-3 py-1.5",
  review,
  align = "end",
}: {
  action: (formData: FormData) => void;
  answer: unknown;
  error?: string;
  hidden: Record<string, string>;
  trigger: React.ReactNode;
  triggerVariant?: "primary" | "secondary" | "danger";
  triggerClassName?: string;
  review: ReviewPanelProps;
  align?: "start" | "end";
}) {
  const { review: open, onSubmit, back } = useReviewStep(action, answer, () => true);
  return (
    <form action={action} onSubmit={onSubmit} className={`flex flex-col gap-2 ${align === "end" ? "items-end" : "items-start"}`}>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {open ? (
        <ReviewPanel {...review} onBack={back} />
      ) : (
        <SubmitButton pendingLabel={review.pendingLabel} variant={triggerVariant} className={triggerClassName}>
          {trigger}
        </SubmitButton>
      )}
      {error ? (
        <p role="alert" className="text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </form>
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
