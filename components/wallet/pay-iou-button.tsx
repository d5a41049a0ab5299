"use client";
import { useActionState } from "react";
import { payIouAction } from "@/app/wallet/actions";
import type { ActionState } from "@/components/forms/action-state";
import { SubmitButton } from "@/components/ui/submit-button";

/**
 * "Pay from wallet". When the balance is short (and auto top-up cannot cover it), the action sends the browser
 * to Checkout for the difference; `shortBy` says so beforehand.
 */
export function PayIouButton({ iouId, description, shortBy }: { iouId: string; description: string; shortBy: string | null }) {
  const [state, action] = useActionState<ActionState, FormData>(payIouAction, {});
  return (
    <form action={action} className="flex flex-col items-start gap-1 sm:items-end">
      <input type="hidden" name="iouId" value={iouId} />
      <SubmitButton pendingLabel="Paying…" className="whitespace-nowrap">
        Pay from wallet<span className="sr-only">: {description}</span>
      </SubmitButton>
      {shortBy ? <p className="text-xs text-slate-500">Your balance is short: you&apos;ll pay {shortBy} by card.</p> : null}
      {state.error ? (
        <p role="alert" className="text-xs text-red-600">
          {state.error}
        </p>
      ) : null}
    </form>
  );
}
