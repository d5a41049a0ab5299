"use client";
import { useActionState } from "react";
import { minimumFloatAction } from "@/app/orgs/[slug]/payments/float-actions";
import type { ActionState } from "@/components/forms/action-state";
import { minorToMajorString } from "@/lib/money";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

/** The organisation's minimum float: what Plaza's monthly settlement leaves in its balance. */
export function MinimumFloatForm({ slug, currency, current }: { slug: string; currency: string; current: number }) {
  const [state, action] = useActionState<ActionState, FormData>(minimumFloatAction, {});
  return (
    <form action={action} className="space-y-3" aria-label="Minimum float" noValidate>
      <input type="hidden" name="slug" value={slug} />
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      {state.success ? <Alert tone="success" testId="float-saved">{state.success}</Alert> : null}
      <Field
        label={`Minimum float (${currency.toUpperCase()})`}
        name="minimumFloat"
        id="minimum-float"
        inputMode="decimal"
        defaultValue={state.values?.minimumFloat ?? minorToMajorString(current, currency)}
        error={state.fieldErrors?.minimumFloat}
        hint="Each month Plaza pays you the balance it holds for you above this amount, less the settlement fee."
      />
      <SubmitButton pendingLabel="Saving…">Save the float</SubmitButton>
    </form>
  );
}
