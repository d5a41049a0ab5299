"use client";
import { useActionState } from "react";
import { customDetailsAction, disconnectAction, startConnectAction } from "@/app/orgs/[slug]/payments/actions";
import type { ActionState } from "@/components/forms/action-state";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

const KINDS = [
  { kind: "express", title: "Express (recommended)", text: "Stripe hosts a short sign-up and gives you a light dashboard. Plaza pays you by destination charges." },
  { kind: "standard", title: "Standard: your own Stripe account", text: "Sign in to the Stripe account you already have and let Plaza charge on it (Connect OAuth)." },
  { kind: "custom", title: "Custom: set up here", text: "Enter your details and documents on Plaza; we pass them to Stripe. Nothing to sign up for elsewhere." },
] as const;

export function ConnectChoices({ slug }: { slug: string }) {
  const [state, action] = useActionState<ActionState, FormData>(startConnectAction, {});
  return (
    <div className="space-y-3">
      {state.error ? <Alert tone="error" testId="connect-error">{state.error}</Alert> : null}
      <div className="grid grid-cols-1 gap-3 md:grid-cols-3">
        {KINDS.map((k) => (
          <form key={k.kind} action={action} className="flex flex-col justify-between gap-3 rounded-lg border border-slate-200 p-4" aria-label={`Connect with ${k.title}`}>
            <input type="hidden" name="slug" value={slug} />
            <input type="hidden" name="kind" value={k.kind} />
            <div>
              <p className="font-medium text-slate-900">{k.title}</p>
              <p className="mt-1 text-sm text-slate-600">{k.text}</p>
            </div>
            <SubmitButton pendingLabel="Opening Stripe…" variant={k.kind === "express" ? "primary" : "secondary"}>
              Connect {k.kind}
            </SubmitButton>
          </form>
        ))}
      </div>
    </div>
  );
}

export function DisconnectButton({ slug }: { slug: string }) {
  const [state, action] = useActionState<ActionState, FormData>(disconnectAction, {});
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="slug" value={slug} />
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      {state.success ? <Alert tone="success">{state.success}</Alert> : null}
      <SubmitButton pendingLabel="Disconnecting…" variant="danger">
        Disconnect Stripe account
      </SubmitButton>
    </form>
  );
}

/** Which form fields each of Stripe's requirement names asks for. */
const FIELDS_FOR: Record<string, string[]> = {
  business_type: ["businessType"],
  "individual.first_name": ["firstName"],
  "individual.last_name": ["lastName"],
  "individual.dob.day": ["dob"],
  "individual.dob.month": ["dob"],
  "individual.dob.year": ["dob"],
  "individual.email": ["email"],
  "individual.phone": ["phone"],
  "individual.address.line1": ["addressLine1"],
  "individual.address.city": ["city"],
  "individual.address.postal_code": ["postalCode"],
  "individual.address.state": ["state"],
  "individual.verification.document": ["documentFront", "documentBack"],
  external_account: ["routingNumber", "accountNumber"],
  "tos_acceptance.date": ["acceptTos"],
  "tos_acceptance.ip": ["acceptTos"],
};

export function CustomDetailsForm({ slug, due }: { slug: string; due: string[] }) {
  const [state, action] = useActionState<ActionState, FormData>(customDetailsAction, {});
  const asked = new Set(due.flatMap((r) => FIELDS_FOR[r] ?? []));
  const show = (f: string) => asked.has(f);
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate aria-label="Your details for Stripe">
      <input type="hidden" name="slug" value={slug} />
      {state.error ? <Alert tone="error" testId="custom-error">{state.error}</Alert> : null}
      {state.success ? <Alert tone="success" testId="custom-success">{state.success}</Alert> : null}
      {show("businessType") ? (
        <div className="space-y-1">
          <label htmlFor="field-businessType" className="block text-sm font-medium text-slate-700">
            Type of business
          </label>
          <select id="field-businessType" name="businessType" defaultValue={v.businessType || "individual"} className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
            <option value="individual">Individual or sole trader</option>
            <option value="company">Company</option>
          </select>
          {e.businessType ? <p className="text-xs text-red-600">{e.businessType}</p> : null}
        </div>
      ) : null}
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        {show("firstName") ? <Field label="First name" name="firstName" autoComplete="given-name" defaultValue={v.firstName} error={e.firstName} /> : null}
        {show("lastName") ? <Field label="Last name" name="lastName" autoComplete="family-name" defaultValue={v.lastName} error={e.lastName} /> : null}
        {show("dob") ? <Field label="Date of birth" name="dob" type="date" defaultValue={v.dob} error={e.dob} /> : null}
        {show("email") ? <Field label="Email" name="email" type="email" autoComplete="email" defaultValue={v.email} error={e.email} /> : null}
        {show("phone") ? <Field label="Phone" name="phone" type="tel" autoComplete="tel" placeholder="+1 555 010 0000" defaultValue={v.phone} error={e.phone} /> : null}
        {show("addressLine1") ? <Field label="Street address" name="addressLine1" autoComplete="address-line1" defaultValue={v.addressLine1} error={e.addressLine1} /> : null}
        {show("city") ? <Field label="City" name="city" autoComplete="address-level2" defaultValue={v.city} error={e.city} /> : null}
        {show("postalCode") ? <Field label="ZIP code" name="postalCode" autoComplete="postal-code" defaultValue={v.postalCode} error={e.postalCode} /> : null}
        {show("state") ? <Field label="State" name="state" autoComplete="address-level1" defaultValue={v.state} error={e.state} /> : null}
        {show("documentFront") ? <Field label="Identity document, front" name="documentFront" type="file" accept="image/jpeg,image/png,application/pdf" error={e.documentFront} /> : null}
        {show("documentBack") ? <Field label="Identity document, back" name="documentBack" type="file" accept="image/jpeg,image/png,application/pdf" error={e.documentBack} /> : null}
        {show("routingNumber") ? <Field label="Bank routing number" name="routingNumber" inputMode="numeric" placeholder="110000000" defaultValue={v.routingNumber} error={e.routingNumber} /> : null}
        {show("accountNumber") ? <Field label="Bank account number" name="accountNumber" inputMode="numeric" autoComplete="off" placeholder="000123456789" error={e.accountNumber} /> : null}
      </div>
      {show("acceptTos") ? (
        <div className="space-y-1">
          <label className="flex items-start gap-2 text-sm text-slate-700">
            <input type="checkbox" name="acceptTos" value="on" className="mt-1" />
            <span>
              I agree to the <a className="text-brand-700 underline" href="https://stripe.com/connect-account/legal" target="_blank" rel="noreferrer">Stripe Connected Account Agreement</a>. We record the date, your IP address and browser.
            </span>
          </label>
          {e.acceptTos ? <p className="text-xs text-red-600">{e.acceptTos}</p> : null}
        </div>
      ) : null}
      <SubmitButton pendingLabel="Sending to Stripe…">Send to Stripe</SubmitButton>
    </form>
  );
}
