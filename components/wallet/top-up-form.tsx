"use client";
import { useActionState } from "react";
import { startTopUpAction } from "@/app/wallet/actions";
import type { ActionState } from "@/components/forms/action-state";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

export function TopUpForm({ currency, hint }: { currency: string; hint: string }) {
  const [state, action] = useActionState<ActionState, FormData>(startTopUpAction, {});
  const uiMode = state.values?.uiMode === "embedded" ? "embedded" : "hosted";
  return (
    <form action={action} className="space-y-4" noValidate aria-label="Top up">
      {state.error ? <Alert tone="error" testId="top-up-error">{state.error}</Alert> : null}
      <Field
        label={`Amount (${currency.toUpperCase()})`}
        name="amount"
        id="top-up-amount"
        inputMode="decimal"
        autoComplete="off"
        placeholder="50.00"
        required
        hint={hint}
        defaultValue={state.values?.amount}
        error={state.fieldErrors?.amount}
      />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">Pay on</legend>
        <div className="flex flex-col gap-2 text-sm sm:flex-row sm:gap-6">
          <label className="flex items-center gap-2">
            <input type="radio" name="uiMode" value="hosted" defaultChecked={uiMode === "hosted"} className="accent-brand-600" />
            Stripe&apos;s payment page
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="uiMode" value="embedded" defaultChecked={uiMode === "embedded"} className="accent-brand-600" />
            This page (embedded)
          </label>
        </div>
      </fieldset>
      <SubmitButton pendingLabel="Starting checkout…">Top up by card</SubmitButton>
    </form>
  );
}
