"use client";
import { useActionState } from "react";
import { endOverrideAction, recordFeeAction } from "@/app/admin/fees/actions";
import type { ActionState } from "@/components/forms/action-state";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

/** A fee change, effective from a day (today or later, or a past day to correct history going forward). */
export function FeeChangeForm({ defaultDate, organisations }: { defaultDate: string; organisations: { slug: string; name: string }[] }) {
  const [state, action] = useActionState<ActionState, FormData>(recordFeeAction, {});
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-3" aria-label="Record a fee change" noValidate>
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      {state.success ? <Alert tone="success" testId="fee-saved">{state.success}</Alert> : null}
      <div className="space-y-1">
        <label htmlFor="fee-org" className="block text-sm font-medium text-slate-700">Applies to</label>
        <select id="fee-org" name="orgSlug" defaultValue={v.orgSlug ?? ""} className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
          <option value="">The platform default</option>
          {organisations.map((o) => (
            <option key={o.slug} value={o.slug}>Override for {o.name}</option>
          ))}
        </select>
      </div>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <Field label="Card fee (%)" name="percent" id="fee-percent" inputMode="decimal" required placeholder="5" defaultValue={v.percent} error={e.percent} />
        <Field label="Fixed part" name="fixed" id="fee-fixed" inputMode="decimal" placeholder="0.30" defaultValue={v.fixed} error={e.fixed} />
        <Field label="Settlement fee (%)" name="settlementPercent" id="fee-settlement" inputMode="decimal" required placeholder="1.5" defaultValue={v.settlementPercent} error={e.settlementPercent} />
        <Field label="Minimum (optional)" name="min" id="fee-min" inputMode="decimal" placeholder="0.50" defaultValue={v.min} error={e.min} />
        <Field label="Maximum (optional)" name="max" id="fee-max" inputMode="decimal" placeholder="50.00" defaultValue={v.max} error={e.max} />
        <Field label="Effective from" name="effectiveFrom" id="fee-effective" type="date" required defaultValue={v.effectiveFrom ?? defaultDate} error={e.effectiveFrom} />
      </div>
      <Field label="Reason" name="note" id="fee-note" maxLength={500} placeholder="Why it changes" defaultValue={v.note} error={e.note} />
      <SubmitButton pendingLabel="Recording…">Record the change</SubmitButton>
    </form>
  );
}

export function EndOverrideForm({ defaultDate, organisations }: { defaultDate: string; organisations: { slug: string; name: string }[] }) {
  const [state, action] = useActionState<ActionState, FormData>(endOverrideAction, {});
  return (
    <form action={action} className="flex flex-wrap items-end gap-3" aria-label="End an override" noValidate>
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      {state.success ? <Alert tone="success">{state.success}</Alert> : null}
      <div className="space-y-1">
        <label htmlFor="end-org" className="block text-sm font-medium text-slate-700">Organisation</label>
        <select id="end-org" name="orgSlug" className="block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm" defaultValue={state.values?.orgSlug}>
          {organisations.map((o) => (
            <option key={o.slug} value={o.slug}>{o.name}</option>
          ))}
        </select>
        {state.fieldErrors?.orgSlug ? <p className="text-xs text-red-700">{state.fieldErrors.orgSlug}</p> : null}
      </div>
      <Field label="Ends on" name="effectiveFrom" id="end-effective" type="date" defaultValue={state.values?.effectiveFrom ?? defaultDate} error={state.fieldErrors?.effectiveFrom} />
      <SubmitButton pendingLabel="Ending…" variant="secondary">End the override</SubmitButton>
    </form>
  );
}
