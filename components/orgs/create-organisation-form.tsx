"use client";
import { useActionState } from "react";
import { createOrganisationAction } from "@/app/orgs/new/actions";
import type { ActionState } from "@/components/forms/action-state";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

export function CreateOrganisationForm() {
  const [state, action] = useActionState<ActionState, FormData>(createOrganisationAction, {});
  return (
    <form action={action} className="space-y-4" noValidate aria-label="Create an organisation">
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      <Field label="Name" name="name" required maxLength={80} placeholder="Harbour Bridge Club" defaultValue={state.values?.name} error={state.fieldErrors?.name} />
      <Field
        label="Web address (optional)"
        name="slug"
        maxLength={40}
        placeholder="harbour-bridge-club"
        hint="Lowercase letters, digits and hyphens. Left empty, it is made from the name."
        defaultValue={state.values?.slug}
        error={state.fieldErrors?.slug}
      />
      <div className="space-y-1">
        <label htmlFor="field-kind" className="block text-sm font-medium text-slate-700">
          Kind
        </label>
        <select id="field-kind" name="kind" defaultValue={state.values?.kind || "club"} className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm">
          <option value="club">Club</option>
          <option value="organiser">Event organiser</option>
          <option value="instructor">Instructor</option>
        </select>
      </div>
      <SubmitButton pendingLabel="Creating…">Create organisation</SubmitButton>
    </form>
  );
}
