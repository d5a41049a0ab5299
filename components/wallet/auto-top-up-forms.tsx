"use client";
import { useActionState } from "react";
import { changeAutoTopUpAmountAction, saveCardAction, turnOffAutoTopUpAction } from "@/app/wallet/actions";
import type { ActionState } from "@/components/forms/action-state";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

/** Saves a card through Checkout (setup mode) with the amount each automatic top-up adds. */
export function SaveCardForm({ currency, defaultAmount, label }: { currency: string; defaultAmount: string; label: string }) {
  const [state, action] = useActionState<ActionState, FormData>(saveCardAction, {});
  return (
    <form action={action} className="space-y-3" noValidate aria-label="Save a card for automatic top-ups">
      {state.error ? <Alert tone="error" testId="save-card-error">{state.error}</Alert> : null}
      <Field
        label={`Top up by (${currency.toUpperCase()})`}
        name="amount"
        id="auto-top-up-setup-amount"
        inputMode="decimal"
        autoComplete="off"
        required
        defaultValue={state.values?.amount ?? defaultAmount}
        error={state.fieldErrors?.amount}
      />
      <SubmitButton pendingLabel="Opening Stripe…">{label}</SubmitButton>
    </form>
  );
}

export function ChangeAutoTopUpAmountForm({ currency, defaultAmount }: { currency: string; defaultAmount: string }) {
  const [state, action] = useActionState<ActionState, FormData>(changeAutoTopUpAmountAction, {});
  return (
    <form action={action} className="space-y-3" noValidate aria-label="Change the automatic top-up amount">
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      {state.success ? <Alert tone="success">{state.success}</Alert> : null}
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="flex-1">
          <Field
            label={`Top up by (${currency.toUpperCase()})`}
            name="amount"
            id="auto-top-up-amount"
            inputMode="decimal"
            autoComplete="off"
            required
            defaultValue={state.values?.amount ?? defaultAmount}
            error={state.fieldErrors?.amount}
          />
        </div>
        <SubmitButton pendingLabel="Saving…" variant="secondary">
          Change amount
        </SubmitButton>
      </div>
    </form>
  );
}

export function TurnOffAutoTopUpButton() {
  const [state, action] = useActionState<ActionState, FormData>(turnOffAutoTopUpAction, {});
  return (
    <form action={action} className="space-y-2">
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      <SubmitButton pendingLabel="Turning off…" variant="secondary">
        Turn off automatic top-up
      </SubmitButton>
    </form>
  );
}
