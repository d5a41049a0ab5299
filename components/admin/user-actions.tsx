"use client";
import { useActionState } from "react";
import { userCommandAction } from "@/app/admin/users/actions";
import type { ActionState } from "@/components/forms/action-state";
import { ReviewPanel, useReviewStep } from "@/components/ui/review";
import { SubmitButton } from "@/components/ui/submit-button";

type Command = "make_admin" | "revoke_admin" | "disable" | "enable";

const LABELS: Record<Command, { trigger: string; title: string; confirm: string; pending: string; effect: string; danger: boolean }> = {
  make_admin: { trigger: "Make platform admin", title: "Make this person a platform admin?", confirm: "Make platform admin", pending: "Saving…", effect: "They can run settlements, change fees, refund and manage every account.", danger: false },
  revoke_admin: { trigger: "Revoke admin", title: "Revoke the platform admin role?", confirm: "Revoke admin", pending: "Saving…", effect: "They keep their account, wallet and organisations, without admin access.", danger: true },
  disable: { trigger: "Disable account", title: "Disable this account?", confirm: "Disable account", pending: "Disabling…", effect: "They can't sign in and their open sessions stop working. Their wallet, organisations and history stay as they are.", danger: true },
  enable: { trigger: "Enable account", title: "Enable this account again?", confirm: "Enable account", pending: "Enabling…", effect: "They can sign in again with their password.", danger: false },
};

/** One account command with a reason, behind a review step (the reason is required and shown before confirming). */
export function UserCommandForm({ userId, email, command }: { userId: string; email: string; command: Command }) {
  const [state, action] = useActionState<ActionState, FormData>(userCommandAction, {});
  const l = LABELS[command];
  const { review, onSubmit, back } = useReviewStep(action, state, (values) => {
    const reason = String(values.get("reason") ?? "").trim();
    return reason.length >= 3 ? { reason } : null;
  });
  const id = `reason-${command}-${userId}`;
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-2" data-testid={`user-${command}`}>
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="action" value={command} />
      <div className="flex flex-wrap items-end gap-2" hidden={Boolean(review)}>
        <div className="space-y-1">
          <label htmlFor={id} className="block text-xs font-medium text-slate-700">
            Reason<span className="sr-only"> to {l.trigger.toLowerCase()} for {email}</span>
          </label>
          <input id={id} name="reason" required minLength={3} maxLength={500} defaultValue={state.values?.reason} aria-invalid={state.fieldErrors?.reason ? true : undefined} className="w-56 rounded-md border border-slate-300 px-2 py-1 text-sm" />
        </div>
        <SubmitButton variant={l.danger ? "danger" : "secondary"} pendingLabel={l.pending} className="px-3 py-1.5">
          {l.trigger}
        </SubmitButton>
      </div>
      {review ? (
        <ReviewPanel
          testId={`user-${command}-review`}
          title={l.title}
          lines={[
            { label: "Account", value: email },
            { label: "Reason", value: review.reason },
          ]}
          note={l.effect}
          confirmLabel={l.confirm}
          pendingLabel={l.pending}
          variant={l.danger ? "danger" : "primary"}
          onBack={back}
        />
      ) : null}
      {state.fieldErrors?.reason ? <p role="alert" className="text-xs text-red-700">{state.fieldErrors.reason}</p> : null}
      {state.error ? <p role="alert" className="text-xs text-red-700" data-testid="user-command-error">{state.error}</p> : null}
      {state.success ? <p role="status" className="text-xs text-emerald-800" data-testid="user-command-outcome">{state.success}</p> : null}
    </form>
  );
}
