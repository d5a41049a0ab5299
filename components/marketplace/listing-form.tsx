"use client";
import { useActionState } from "react";
import { createListingAction, updateListingAction } from "@/app/orgs/[slug]/listings/actions";
import type { ActionState } from "@/components/forms/action-state";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { KIND_LABELS } from "./labels";

export interface ListingFormValues {
  kind: string;
  title: string;
  description: string;
  content: string;
  amount: string;
  capacity: string;
  startsAt: string;
  venue: string;
  slots: string;
  published: boolean;
}

function TextArea({ label, name, defaultValue, error, hint, rows = 3 }: { label: string; name: string; defaultValue?: string; error?: string; hint?: string; rows?: number }) {
  return (
    <div className="space-y-1">
      <label htmlFor={`field-${name}`} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <textarea id={`field-${name}`} name={name} rows={rows} defaultValue={defaultValue} aria-invalid={error ? true : undefined} className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
      {hint && !error ? <p className="text-xs text-slate-500">{hint}</p> : null}
      {error ? <p className="text-xs text-red-600">{error}</p> : null}
    </div>
  );
}

/** Create or edit a listing (the same fields as the JSON API). */
export function ListingForm({ slug, currency, listingId, initial }: { slug: string; currency: string; listingId?: string; initial?: ListingFormValues }) {
  const [state, action] = useActionState<ActionState, FormData>(listingId ? updateListingAction : createListingAction, {});
  const v = state.values;
  const val = (n: keyof ListingFormValues) => (v?.[n] ?? (initial ? String(initial[n]) : "")) || undefined;
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate aria-label={listingId ? "Edit listing" : "New listing"}>
      {state.error ? <Alert tone="error" testId="listing-error">{state.error}</Alert> : null}
      {state.success ? <Alert tone="success" testId="listing-saved">{state.success}</Alert> : null}
      <input type="hidden" name="slug" value={slug} />
      {listingId ? <input type="hidden" name="listingId" value={listingId} /> : null}
      {listingId ? null : (
        <div className="space-y-1">
          <label htmlFor="field-kind" className="block text-sm font-medium text-slate-700">
            Kind
          </label>
          <select id="field-kind" name="kind" defaultValue={val("kind") ?? "course"} className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
            {Object.entries(KIND_LABELS).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
          {e.kind ? <p className="text-xs text-red-600">{e.kind}</p> : null}
        </div>
      )}
      <Field label="Title" name="title" defaultValue={val("title")} error={e.title} required />
      <TextArea label="Description" name="description" defaultValue={val("description")} error={e.description} />
      <TextArea label="Course content (buyers only)" name="content" rows={5} defaultValue={val("content")} error={e.content} hint="Courses only: what buyers see after paying." />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={`Price (${currency.toUpperCase()})`} name="amount" inputMode="decimal" defaultValue={val("amount")} error={e.amount} placeholder="25.00" />
        <Field label="Capacity" name="capacity" inputMode="numeric" defaultValue={val("capacity")} error={e.capacity} hint="Places on sale; empty for unlimited. Events need one." />
        <Field label="Starts at (UTC)" name="startsAt" type="datetime-local" defaultValue={val("startsAt")} error={e.startsAt} hint="Events: date and time." />
        <Field label="Venue" name="venue" defaultValue={val("venue")} error={e.venue} hint="Events: where." />
      </div>
      <TextArea label="Time slots (UTC)" name="slots" rows={3} defaultValue={val("slots")} error={e.slots} hint='Services: one slot a line, start and end, like "2030-05-01T10:00 2030-05-01T11:00".' />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="published" defaultChecked={v ? v.published === "on" : (initial?.published ?? false)} className="accent-brand-600" />
        Published (buyers can see and buy it)
      </label>
      <SubmitButton pendingLabel="Saving…">{listingId ? "Save" : "Create listing"}</SubmitButton>
    </form>
  );
}

/** The publish / unpublish button in the listings table. */
export function PublishToggle({ slug, listingId, published, action }: { slug: string; listingId: string; published: boolean; action: (prev: ActionState, formData: FormData) => Promise<ActionState> }) {
  const [state, formAction] = useActionState<ActionState, FormData>(action, {});
  return (
    <form action={formAction} className="flex flex-col items-end gap-1">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="listingId" value={listingId} />
      <input type="hidden" name="published" value={published ? "false" : "true"} />
      <SubmitButton pendingLabel="…" variant="secondary">
        {published ? "Unpublish" : "Publish"}
      </SubmitButton>
      {state.error ? (
        <p className="max-w-64 text-right text-xs text-red-600" role="alert" data-testid="publish-error">
          {state.error}
        </p>
      ) : null}
    </form>
  );
}
