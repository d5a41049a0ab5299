"use client";
import { useActionState } from "react";
import { transferAction } from "@/app/wallet/actions";
import type { ActionState } from "@/components/forms/action-state";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

export function TransferForm({ currency }: { currency: string }) {
  const [state, action] = useActionState<ActionState, FormData>(transferAction, {});
  return (
    <form action={action} className="space-y-4" noValidate aria-label="Send money">
      {state.error ? <Alert tone="error" testId="transfer-error">{state.error}</Alert> : null}
      {state.success ? <Alert tone="success" testId="transfer-success">{state.success}</Alert> : null}
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
      <p className="text-xs text-slate-500">If your balance is short, you&apos;ll pay the difference by card first.</p>
      <SubmitButton pendingLabel="Sending…">Send money</SubmitButton>
    </form>
  );
}
