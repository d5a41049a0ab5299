"use client";
import { useActionState } from "react";
import { transferAction } from "@/app/wallet/actions";
import type { ActionState } from "@/components/forms/action-state";
import { formatMoney } from "@/lib/money";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { ReviewPanel, typedAmount, useReviewStep } from "@/components/ui/review";
import { SubmitButton } from "@/components/ui/submit-button";

/**
 * Send money to another member, in two steps: the fields, then a review of what will happen (amount, to whom,
 * balance after, any card payment for a shortfall) with an explicit "Confirm and send".
 */
export function TransferForm({ currency, balance, autoTopUp = false }: { currency: string; balance: number; autoTopUp?: boolean }) {
  const [state, action] = useActionState<ActionState, FormData>(transferAction, {});
  const fmt = (amount: number) => formatMoney({ amount, currency });
  const { review, onSubmit, back } = useReviewStep(action, state, (values) => {
    const toEmail = String(values.get("toEmail") ?? "").trim();
    const amount = typedAmount(String(values.get("amount") ?? ""), currency);
    if (!amount || !/^[^@\s]+@[^@\s]+$/.test(toEmail)) return null;
    return { toEmail, amount, description: String(values.get("description") ?? "").trim() || "Transfer" };
  });
  const short = review ? Math.max(0, review.amount - balance) : 0;
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Send money">
      {state.error ? <Alert tone="error" testId="transfer-error">{state.error}</Alert> : null}
      {state.success ? <Alert tone="success" testId="transfer-success">{state.success}</Alert> : null}
      <div className="space-y-4" hidden={Boolean(review)}>
        <Field label="Recipient's email" name="toEmail" id="transfer-email" type="email" autoComplete="off" required defaultValue={state.values?.toEmail} error={state.fieldErrors?.toEmail} />
        <Field
          label={`Amount (${currency.toUpperCase()})`}
          name="amount"
          id="transfer-amount"
          inputMode="decimal"
          autoComplete="off"
          placeholder="12.34"
          required
          defaultValue={state.values?.amount}
          error={state.fieldErrors?.amount}
        />
        <Field
          label="Description"
          name="description"
          id="transfer-description"
          maxLength={200}
          placeholder="What it's for"
          hint="The recipient sees this on their statement."
          defaultValue={state.values?.description}
          error={state.fieldErrors?.description}
        />
        <p className="text-xs text-slate-500">You&apos;ll see what will happen and confirm before any money moves.</p>
        <SubmitButton pendingLabel="Checking…">Send money</SubmitButton>
      </div>
      {review ? (
        <ReviewPanel
          testId="transfer-review"
          title="Check the transfer"
          lines={[
            { label: "Amount", value: fmt(review.amount), testId: "transfer-review-amount" },
            { label: "To", value: review.toEmail, testId: "transfer-review-to" },
            { label: "Description", value: review.description },
            { label: "Your balance now", value: fmt(balance) },
            short === 0 || !autoTopUp
              ? { label: "Balance after", value: fmt(Math.max(0, balance - review.amount)), testId: "transfer-review-balance-after" }
              : { label: "Balance after", value: "after the automatic top-up", testId: "transfer-review-balance-after" },
          ]}
          warning={
            short > 0
              ? autoTopUp
                ? `Your balance is ${fmt(short)} short: an automatic top-up charges your saved card first.`
                : `Your balance is ${fmt(short)} short: you'll pay ${fmt(short)} by card on Stripe's page, then the transfer is made.`
              : undefined
          }
          note="The transfer can't be undone from Plaza: check the email."
          confirmLabel={`Confirm and send ${fmt(review.amount)}`}
          pendingLabel="Sending…"
          onBack={back}
        />
      ) : null}
    </form>
  );
}
