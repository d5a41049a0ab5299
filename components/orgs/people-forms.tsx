"use client";
import { useActionState } from "react";
import { changeRoleAction, inviteAction, leaveAction, removeMemberAction, revokeInvitationAction } from "@/app/orgs/[slug]/settings/actions";
import type { ActionState } from "@/components/forms/action-state";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

const ROLES = [
  { value: "member", label: "Member" },
  { value: "staff", label: "Staff" },
  { value: "admin", label: "Admin" },
  { value: "owner", label: "Owner" },
];

/** A role picker; `hideLabel` keeps the label for screen readers only (a row that already names the person). */
function RoleSelect({ id, name = "role", defaultValue, label, hideLabel = false }: { id: string; name?: string; defaultValue: string; label: string; hideLabel?: boolean }) {
  return (
    <div className={hideLabel ? undefined : "space-y-1"}>
      <label htmlFor={id} className={hideLabel ? "sr-only" : "block text-sm font-medium text-slate-700"}>
        {label}
      </label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue}
        className={`block rounded-md border border-slate-300 bg-white text-sm shadow-sm ${hideLabel ? "w-28 px-2 py-1.5" : "w-full px-3 py-2"}`}
      >
        {ROLES.map((r) => (
          <option key={r.value} value={r.value}>
            {r.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function InlineError({ state }: { state: ActionState }) {
  const text = state.error ?? Object.values(state.fieldErrors ?? {})[0];
  return text ? (
    <p role="alert" className="text-xs text-red-600">
      {text}
    </p>
  ) : null;
}

export function InviteForm({ slug }: { slug: string }) {
  const [state, action] = useActionState<ActionState, FormData>(inviteAction, {});
  return (
    <form action={action} className="space-y-4" noValidate aria-label="Invite someone">
      <input type="hidden" name="slug" value={slug} />
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      {state.success ? <Alert tone="success" testId="invite-success">{state.success}</Alert> : null}
      <Field label="Email" name="email" id="invite-email" type="email" autoComplete="off" required defaultValue={state.values?.email} error={state.fieldErrors?.email} />
      <RoleSelect id="invite-role" label="Role" defaultValue={state.values?.role || "member"} />
      <SubmitButton pendingLabel="Inviting…">Invite</SubmitButton>
    </form>
  );
}

export function ChangeRoleForm({ slug, userId, role, who }: { slug: string; userId: string; role: string; who: string }) {
  const [state, action] = useActionState<ActionState, FormData>(changeRoleAction, {});
  return (
    <form action={action} className="flex flex-col items-end gap-1">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="userId" value={userId} />
      <div className="flex items-center gap-2">
        <RoleSelect id={`role-${userId}`} label={`Role of ${who}`} defaultValue={role} hideLabel />
        <SubmitButton pendingLabel="Saving…" variant="secondary" className="px-3 py-1.5 whitespace-nowrap">
          Save<span className="sr-only"> role of {who}</span>
        </SubmitButton>
      </div>
      <InlineError state={state} />
    </form>
  );
}

export function RemoveMemberButton({ slug, userId, who }: { slug: string; userId: string; who: string }) {
  const [state, action] = useActionState<ActionState, FormData>(removeMemberAction, {});
  return (
    <form action={action} className="flex flex-col items-end gap-1">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="userId" value={userId} />
      <SubmitButton pendingLabel="Removing…" variant="danger" className="px-3 py-1.5 whitespace-nowrap">
        Remove<span className="sr-only"> {who}</span>
      </SubmitButton>
      <InlineError state={state} />
    </form>
  );
}

export function RevokeInvitationButton({ slug, invitationId, email }: { slug: string; invitationId: string; email: string }) {
  const [state, action] = useActionState<ActionState, FormData>(revokeInvitationAction, {});
  return (
    <form action={action} className="flex flex-col items-start gap-1">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="invitationId" value={invitationId} />
      <SubmitButton pendingLabel="Withdrawing…" variant="secondary" className="px-3 py-1.5">
        Withdraw<span className="sr-only"> invitation for {email}</span>
      </SubmitButton>
      <InlineError state={state} />
    </form>
  );
}

export function LeaveButton({ slug, name }: { slug: string; name: string }) {
  const [state, action] = useActionState<ActionState, FormData>(leaveAction, {});
  return (
    <form action={action} className="flex flex-col items-start gap-1">
      <input type="hidden" name="slug" value={slug} />
      <SubmitButton pendingLabel="Leaving…" variant="danger">
        Leave {name}
      </SubmitButton>
      <InlineError state={state} />
    </form>
  );
}
