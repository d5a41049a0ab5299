"use client";
import { useActionState } from "react";
import { payIouAction } from "@/app/wallet/actions";
import type { ActionState } from "@/components/forms/action-state";
import { ReviewedAction } from "@/components/ui/review";

/**
 * "Pay from wallet", then a review (amount, to whom, the balance after) and "Confirm and pay". When the balance
 * is short (and auto top-up cannot cover it), the action sends the browser to Checkout for the difference;
 * `shortBy` says so beforehand and in the review.
 */
export function PayIouButton({
  iouId,
  description,
  shortBy,
  amount,
  organisation,
  balanceNow,
  balanceAfter,
}: {
  iouId: string;
  description: string;
  shortBy: string | null;
  /** Formatted amounts, for the review. */
  amount?: string;
  organisation?: string;
  balanceNow?: string;
  balanceAfter?: string;
}) {
  const [state, action] = useActionState<ActionState, FormData>(payIouAction, {});
  return (
    <div className="flex flex-col items-start gap-1 sm:items-end">
      <ReviewedAction
        action={action}
        answer={state}
        error={state.error}
        hidden={{ iouId }}
        align="start"
        triggerVariant="primary"
        triggerClassName="whitespace-nowrap"
        trigger={
          <>
            Pay from wallet<span className="sr-only">: {description}</span>
          </>
        }
        review={{
          testId: "pay-iou-review",
          title: `Pay "${description}"?`,
          lines: [
            ...(amount ? [{ label: "Amount", value: amount }] : []),
            ...(organisation ? [{ label: "To", value: organisation }] : []),
            ...(balanceNow ? [{ label: "Your balance now", value: balanceNow }] : []),
            ...(balanceAfter ? [{ label: "Balance after", value: shortBy ? `${balanceAfter}, after paying ${shortBy} by card` : balanceAfter, testId: "pay-iou-review-balance-after" }] : []),
          ],
          warning: shortBy ? `Your balance is short: you'll pay ${shortBy} by card on Stripe's page, then the IOU is paid.` : undefined,
          confirmLabel: amount ? `Confirm and pay ${amount}` : "Confirm and pay",
          pendingLabel: "Paying…",
          backLabel: "Not now",
        }}
      />
      {shortBy ? <p className="text-xs text-slate-500">Your balance is short: you&apos;ll pay {shortBy} by card.</p> : null}
    </div>
  );
}
