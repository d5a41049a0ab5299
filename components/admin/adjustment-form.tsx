"use client";
import { useActionState } from "react";
import { adjustmentAction } from "@/app/admin/adjustments/actions";
import type { ActionState } from "@/components/forms/action-state";
import { formatMoney, parseMajorToMinor } from "@/lib/money";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { ReviewPanel, useReviewStep } from "@/components/ui/review";
import { SubmitButton } from "@/components/ui/submit-button";

function signedAmount(text: string, currency: string): number | null {
  const t = text.trim();
  try {
    const minor = parseMajorToMinor(t.replace(/^[-+]/, "").replace(/^[$€£]/, ""), currency);
    return minor > 0 ? (t.startsWith("-") ? -minor : minor) : null;
  } catch {
    return null;
  }
}

/** A manual adjustment: the fields, then a review (who, how much, in or out), then "Confirm adjustment". */
export function AdjustmentForm({ currency, requestId }: { currency: string; requestId: string }) {
  const [state, action] = useActionState<ActionState, FormData>(adjustmentAction, {});
  const v = state.values ?? {};
  const { review, onSubmit, back } = useReviewStep(action, state, (values) => {
    const amount = signedAmount(String(values.get("amount") ?? ""), currency);
    const who = String(values.get("who") ?? "").trim();
    const description = String(values.get("description") ?? "").trim();
    if (amount === null || !who || !description) return null;
    return { amount, who, description, holder: String(values.get("holder")) };
  });
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Manual adjustment">
      <input type="hidden" name="requestId" value={v.requestId ?? requestId} />
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      {state.success ? <Alert tone="success" testId="adjustment-success">{state.success}</Alert> : null}
      <div hidden={Boolean(review)} className="space-y-4">
        <div className="space-y-1">
          <label htmlFor="adjust-holder" className="block text-sm font-medium text-slate-700">Holder</label>
          <select id="adjust-holder" name="holder" defaultValue={v.holder ?? "member"} className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
            <option value="member">A member&apos;s wallet (email)</option>
            <option value="organisation">An organisation&apos;s balance (slug)</option>
          </select>
        </div>
        <Field label="Member's email or organisation's slug" name="who" id="adjust-who" required defaultValue={v.who} error={state.fieldErrors?.who} />
        <Field label={`Amount (${currency.toUpperCase()})`} name="amount" id="adjust-amount" inputMode="decimal" required placeholder="12.34 or -12.34" defaultValue={v.amount} error={state.fieldErrors?.amount} hint="Positive adds money; negative takes it away." />
        <Field label="Reason" name="description" id="adjust-description" required maxLength={200} defaultValue={v.description} error={state.fieldErrors?.description} hint="Shown on the holder's statement." />
        <SubmitButton pendingLabel="Checking…">Review the adjustment</SubmitButton>
      </div>
      {review ? (
        <ReviewPanel
          testId="adjustment-review"
          title="Check the adjustment"
          lines={[
            { label: review.holder === "organisation" ? "Organisation" : "Member", value: review.who },
            { label: review.amount > 0 ? "Added" : "Taken away", value: formatMoney({ amount: Math.abs(review.amount), currency }) },
            { label: "Reason", value: review.description },
          ]}
          note="Posted against Plaza's adjustments account; the holder sees it on their statement."
          confirmLabel="Confirm adjustment"
          pendingLabel="Posting…"
          onBack={back}
        />
      ) : null}
    </form>
  );
}
