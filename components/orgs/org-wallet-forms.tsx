"use client";
import { useActionState } from "react";
import { cancelIouAction, payMemberAction, raiseIouAction } from "@/app/orgs/[slug]/actions";
import type { ActionState } from "@/components/forms/action-state";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

export function RaiseIouForm({ slug, currency }: { slug: string; currency: string }) {
  const [state, action] = useActionState<ActionState, FormData>(raiseIouAction, {});
  return (
    <form action={action} className="space-y-4" noValidate aria-label="Raise an IOU">
      <input type="hidden" name="slug" value={slug} />
      {state.error ? <Alert tone="error" testId="raise-iou-error">{state.error}</Alert> : null}
      {state.success ? <Alert tone="success" testId="raise-iou-success">{state.success}</Alert> : null}
      <Field label="Member's email" name="email" id="iou-member-email" type="email" autoComplete="off" required defaultValue={state.values?.email} error={state.fieldErrors?.email} />
      <Field label={`Amount (${currency.toUpperCase()})`} name="amount" id="iou-amount" inputMode="decimal" autoComplete="off" placeholder="12.00" required defaultValue={state.values?.amount} error={state.fieldErrors?.amount} />
      <Field label="What it's for" name="description" id="iou-description" maxLength={200} required placeholder="Court fee, March" defaultValue={state.values?.description} error={state.fieldErrors?.description} />
      <SubmitButton pendingLabel="Raising…">Raise IOU</SubmitButton>
    </form>
  );
}

export function PayMemberForm({ slug, currency, requestId }: { slug: string; currency: string; requestId: string }) {
  const [state, action] = useActionState<ActionState, FormData>(payMemberAction, {});
  return (
    <form action={action} className="space-y-4" noValidate aria-label="Pay a member">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="requestId" value={state.values?.requestId ?? requestId} />
      {state.error ? <Alert tone="error" testId="pay-member-error">{state.error}</Alert> : null}
      {state.success ? <Alert tone="success" testId="pay-member-success">{state.success}</Alert> : null}
      <Field label="Member's email" name="email" id="pay-member-email" type="email" autoComplete="off" required defaultValue={state.values?.email} error={state.fieldErrors?.email} />
      <Field label={`Amount (${currency.toUpperCase()})`} name="amount" id="pay-member-amount" inputMode="decimal" autoComplete="off" placeholder="10.00" required defaultValue={state.values?.amount} error={state.fieldErrors?.amount} />
      <Field label="Description" name="description" id="pay-member-description" maxLength={200} required placeholder="Prize money" defaultValue={state.values?.description} error={state.fieldErrors?.description} />
      <SubmitButton pendingLabel="Paying…">Pay member</SubmitButton>
    </form>
  );
}

export function CancelIouButton({ slug, iouId, description }: { slug: string; iouId: string; description: string }) {
  const [state, action] = useActionState<ActionState, FormData>(cancelIouAction, {});
  return (
    <form action={action} className="flex flex-col items-end gap-1">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="iouId" value={iouId} />
      <SubmitButton pendingLabel="Cancelling…" variant="secondary" className="px-3 py-1.5">
        Cancel<span className="sr-only"> IOU: {description}</span>
      </SubmitButton>
      {state.error ? (
        <p role="alert" className="text-xs text-red-600">
          {state.error}
        </p>
      ) : null}
    </form>
  );
}
