"use client";
import { useActionState } from "react";
import { bookingAnswerAction } from "@/app/orgs/[slug]/orders/actions";
import type { ActionState } from "@/components/forms/action-state";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ReviewPanel, useReviewStep } from "@/components/ui/review";
import { formatMoney } from "@/lib/money";

interface Props {
  slug: string;
  orderId: string;
  amount: number;
  currency: string;
  buyerEmail: string;
  when: string;
}

function DecisionForm({ decision, slug, orderId, amount, currency, buyerEmail, when }: Props & { decision: "confirm" | "decline" }) {
  const [state, action] = useActionState<ActionState, FormData>(bookingAnswerAction, {});
  const { review, onSubmit, back } = useReviewStep(action, state, () => true);
  const total = formatMoney({ amount, currency });
  const confirm = decision === "confirm";
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-3" data-testid={`booking-${decision}`}>
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="orderId" value={orderId} />
      <input type="hidden" name="decision" value={decision} />
      {state.error ? <Alert tone="error" testId="booking-error">{state.error}</Alert> : null}
      {state.success ? <Alert tone="success" testId="booking-success">{state.success}</Alert> : null}
      {!review && !state.success ? (
        <Button type="submit" variant={confirm ? "primary" : "secondary"}>
          {confirm ? "Confirm booking…" : "Decline…"}
        </Button>
      ) : null}
      {review ? (
        <ReviewPanel
          testId="booking-review"
          title={confirm ? "Confirm this booking" : "Decline this booking"}
          variant={confirm ? "primary" : "danger"}
          lines={[
            { label: confirm ? "Charge" : "Release", value: total, testId: "booking-review-amount" },
            { label: confirm ? "From" : "Back to", value: `${buyerEmail}'s card` },
            { label: "Slot", value: when },
          ]}
          note={confirm ? "The authorised payment is captured now; the buyer is emailed." : "The authorisation is released (the buyer is not charged) and the slot is free again."}
          confirmLabel={confirm ? "Confirm and charge" : "Decline and release"}
          pendingLabel={confirm ? "Charging…" : "Releasing…"}
          onBack={back}
        />
      ) : null}
    </form>
  );
}

/** Confirm (capture) or decline (release) a booking, each after a review that says what happens to the money. */
export function BookingDecision(props: Props) {
  return (
    <div className="flex flex-wrap items-start gap-3" data-testid="booking-decision">
      <DecisionForm {...props} decision="confirm" />
      <DecisionForm {...props} decision="decline" />
    </div>
  );
}
