"use client";
import { useActionState } from "react";
import type { ActionState } from "@/components/forms/action-state";
import { SubmitButton } from "@/components/ui/submit-button";

/** The second, explicit step of a top-up refund: one button that makes it (the review is shown above it). */
export function RefundConfirmForm({ action, topUpId, amount, label }: { action: (prev: ActionState, formData: FormData) => Promise<ActionState>; topUpId: string; amount: string; label: string }) {
  const [state, formAction] = useActionState<ActionState, FormData>(action, {});
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="topUpId" value={topUpId} />
      <input type="hidden" name="amount" value={amount} />
      <SubmitButton pendingLabel="Refunding…" variant="danger">
        {label}
      </SubmitButton>
      {state.error || state.fieldErrors?.amount ? (
        <p role="alert" className="text-sm text-red-700" data-testid="refund-error">
          {state.error ?? state.fieldErrors?.amount}
        </p>
      ) : null}
    </form>
  );
}
