"use client";
import { useActionState } from "react";
import { lowBalanceWarningsAction } from "@/app/wallet/actions";
import type { ActionState } from "@/components/forms/action-state";
import { SubmitButton } from "@/components/ui/submit-button";

export function LowBalanceToggle({ enabled, threshold }: { enabled: boolean; threshold: string }) {
  const [state, action] = useActionState<ActionState, FormData>(lowBalanceWarningsAction, {});
  return (
    <form action={action} className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
      <input type="hidden" name="enabled" value={enabled ? "false" : "true"} />
      <div className="text-sm">
        <p className="font-medium text-slate-800" id="low-balance-label">
          Low-balance emails are <span data-testid="low-balance-status">{enabled ? "on" : "off"}</span>
        </p>
        <p className="text-slate-600">We email you when a payment takes your balance under {threshold}.</p>
        {state.error ? (
          <p role="alert" className="mt-1 text-red-600">
            {state.error}
          </p>
        ) : null}
      </div>
      <SubmitButton pendingLabel="Saving…" variant="secondary">
        {enabled ? "Turn off warnings" : "Turn on warnings"}
      </SubmitButton>
    </form>
  );
}
