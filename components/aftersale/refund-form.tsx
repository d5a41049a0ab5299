"use client";
import { useActionState } from "react";
import { refundOrderAction } from "@/app/orders/actions";
import type { ActionState } from "@/components/forms/action-state";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { ReviewPanel, typedAmount, useReviewStep } from "@/components/ui/review";
import { SubmitButton } from "@/components/ui/submit-button";
import { formatMoney, minorToMajorString } from "@/lib/money";

/**
 * Refunds an order in two steps: the amount (empty: everything still refundable) and a reason, then a review
 * (amount, to whom, what stays paid) with an explicit "Confirm refund". The same action serves buyer and seller.
 */
export function RefundForm({
  orderId,
  currency,
  refundable,
  refunded,
  to,
  requestId,
  back,
  buyerLabel,
  allowPartial = true,
}: {
  orderId: string;
  currency: string;
  refundable: number;
  refunded: number;
  to: "card" | "wallet";
  requestId: string;
  back: string;
  /** Whose card or wallet: "your card" for the buyer, the buyer's email for the seller. */
  buyerLabel: string;
  allowPartial?: boolean;
}) {
  const [state, action] = useActionState<ActionState, FormData>(refundOrderAction, {});
  const fmt = (amount: number) => formatMoney({ amount, currency });
  const { review, onSubmit, back: change } = useReviewStep(action, state, (values) => {
    const text = String(values.get("amount") ?? "").trim();
    const amount = text ? typedAmount(text, currency) : refundable;
    if (!amount) return null;
    return { amount };
  });
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Refund this order" data-testid="refund-form">
      <input type="hidden" name="orderId" value={orderId} />
      <input type="hidden" name="back" value={back} />
      <input type="hidden" name="requestId" value={state.success ? `${requestId}-${refunded}` : (state.values?.requestId ?? requestId)} />
      {state.error ? <Alert tone="error" testId="refund-error">{state.error}</Alert> : null}
      {state.success ? <Alert tone="success" testId="refund-success">{state.success}</Alert> : null}
      <div className="space-y-4" hidden={Boolean(review)}>
        {allowPartial ? (
          <Field
            label={`Amount (${currency.toUpperCase()}), empty for the full ${fmt(refundable)}`}
            name="amount"
            id={`refund-amount-${orderId}`}
            inputMode="decimal"
            autoComplete="off"
            placeholder={minorToMajorString(refundable, currency)}
            defaultValue={state.values?.amount}
            error={state.fieldErrors?.amount}
          />
        ) : null}
        <Field label="Reason (optional)" name="reason" id={`refund-reason-${orderId}`} maxLength={500} defaultValue={state.values?.reason} error={state.fieldErrors?.reason} />
        <SubmitButton pendingLabel="Checking…" variant="secondary">
          Refund…
        </SubmitButton>
      </div>
      {review ? (
        <ReviewPanel
          testId="refund-review"
          title="Check the refund"
          variant="danger"
          lines={[
            { label: "Refund", value: fmt(review.amount), testId: "refund-review-amount" },
            { label: "To", value: to === "wallet" ? `${buyerLabel} (Plaza wallet)` : `${buyerLabel} (the card that paid)`, testId: "refund-review-to" },
            { label: "Refunded before", value: fmt(refunded) },
            { label: "Stays paid after", value: fmt(Math.max(refundable - review.amount, 0)), testId: "refund-review-remaining" },
          ]}
          warning={review.amount > refundable ? `At most ${fmt(refundable)} can still be refunded: this refund will be refused.` : review.amount === refundable ? "This refunds the order in full: tickets are voided, course access ends and the places go back on sale." : undefined}
          note={to === "wallet" ? "The money is back in the wallet at once." : "Card refunds usually show within 5–10 days. The seller's share and the Plaza fee are returned in proportion."}
          confirmLabel="Confirm refund"
          pendingLabel="Refunding…"
          onBack={change}
        />
      ) : null}
    </form>
  );
}
