"use client";
import { useActionState } from "react";
import { cancelIouAction, payMemberAction, raiseIouAction } from "@/app/orgs/[slug]/actions";
import type { ActionState } from "@/components/forms/action-state";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { ReviewedAction, ReviewPanel, typedAmount, useReviewStep } from "@/components/ui/review";
import { SubmitButton } from "@/components/ui/submit-button";
import { formatMoney } from "@/lib/money";

export function RaiseIouForm({ slug, currency }: { slug: string; currency: string }) {
  const [state, action] = useActionState<ActionState, FormData>(raiseIouAction, {});
  return (
    <form action={action} className="space-y-4" noValidate aria-label="Raise an IOU">
      <input type="hidden" name="slug" value={slug} />
      {state.error ? <Alert tone="error" testId="raise-iou-error">{state.error}</Alert> : null}
      {state.success ? <Alert tone="success" testId="raise-iou-success">{state.success}</Alert> : null}
      <Field label="Member's email" name="email" id="iou-member-email" type="email" autoComplete="off" required defaultValue={state.values?.email} error={state.fieldErrors?.email} />
      <Field label={`Amount (${currency.toUpperCase()})`} name="amount" id="iou-amount" inputMode="decimal" autoComplete="off" placeholder="12.00" required defaultValue={state.values?.amount} error={state.fieldErrors?.amount} />
      <Field label="What it's for" name="description" id="iou-description" maxLength={200} required placeholder="Court fee, March" defaultValue={state.values?.description} error={state.fieldErrors?.description} />
      <SubmitButton pendingLabel="Raising…">Raise IOU</SubmitButton>
    </form>
  );
}

/**
 * Pays a member from the organisation's balance in two steps: the fields, then a review (amount, to whom, the
 * organisation's balance after) with an explicit "Confirm payment".
 */
export function PayMemberForm({ slug, currency, requestId, balance, organisationName }: { slug: string; currency: string; requestId: string; balance: number; organisationName: string }) {
  const [state, action] = useActionState<ActionState, FormData>(payMemberAction, {});
  const fmt = (amount: number) => formatMoney({ amount, currency });
  const { review, onSubmit, back } = useReviewStep(action, state, (values) => {
    const email = String(values.get("email") ?? "").trim();
    const amount = typedAmount(String(values.get("amount") ?? ""), currency);
    const description = String(values.get("description") ?? "").trim();
    if (!amount || !description || !/^[^@\s]+@[^@\s]+$/.test(email)) return null;
    return { email, amount, description };
  });
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Pay a member">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="requestId" value={state.values?.requestId ?? requestId} />
      {state.error ? <Alert tone="error" testId="pay-member-error">{state.error}</Alert> : null}
      {state.success ? <Alert tone="success" testId="pay-member-success">{state.success}</Alert> : null}
      <div className="space-y-4" hidden={Boolean(review)}>
        <Field label="Member's email" name="email" id="pay-member-email" type="email" autoComplete="off" required defaultValue={state.values?.email} error={state.fieldErrors?.email} />
        <Field label={`Amount (${currency.toUpperCase()})`} name="amount" id="pay-member-amount" inputMode="decimal" autoComplete="off" placeholder="10.00" required defaultValue={state.values?.amount} error={state.fieldErrors?.amount} />
        <Field label="Description" name="description" id="pay-member-description" maxLength={200} required placeholder="Prize money" defaultValue={state.values?.description} error={state.fieldErrors?.description} />
        <SubmitButton pendingLabel="Checking…">Pay member</SubmitButton>
      </div>
      {review ? (
        <ReviewPanel
          testId="pay-member-review"
          title="Check the payment"
          lines={[
            { label: "Amount", value: fmt(review.amount), testId: "pay-member-review-amount" },
            { label: "To", value: review.email, testId: "pay-member-review-to" },
            { label: "Description", value: review.description },
            { label: `${organisationName}'s balance now`, value: fmt(balance) },
            { label: "Balance after", value: fmt(balance - review.amount), testId: "pay-member-review-balance-after" },
          ]}
          warning={review.amount > balance ? `${organisationName}'s balance is ${fmt(review.amount - balance)} short: this payment will be refused.` : undefined}
          note="The money goes into the member's Plaza wallet straight away."
          confirmLabel="Confirm payment"
          pendingLabel="Paying…"
          onBack={back}
        />
      ) : null}
    </form>
  );
}

/** Cancels an open IOU after a second, explicit click that says what happens. */
export function CancelIouButton({ slug, iouId, description, amount, currency, memberEmail }: { slug: string; iouId: string; description: string; amount: number; currency: string; memberEmail: string }) {
  const [state, action] = useActionState<ActionState, FormData>(cancelIouAction, {});
  return (
    <ReviewedAction
      action={action}
      answer={state}
      error={state.error}
      hidden={{ slug, iouId }}
      trigger={
        <>
          Cancel<span className="sr-only"> IOU: {description}</span>
        </>
      }
      review={{
        testId: "cancel-iou-review",
        title: `Cancel the IOU "${description}"?`,
        lines: [
          { label: "Amount", value: formatMoney({ amount, currency }) },
          { label: "Member", value: memberEmail },
        ],
        note: "The member will no longer be asked to pay it. No money moves; you can raise a new IOU later.",
        confirmLabel: "Yes, cancel IOU",
        pendingLabel: "Cancelling…",
        backLabel: "Keep it",
        variant: "danger",
      }}
    />
  );
}
