"use client";
import { useActionState } from "react";
import { replayEventAction, type ReplayState } from "@/app/admin/webhooks/actions";
import { SubmitButton } from "@/components/ui/submit-button";

export function ReplayButton({ eventId }: { eventId: string }) {
  const [state, action] = useActionState<ReplayState, FormData>(replayEventAction, {});
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="eventId" value={eventId} />
      <SubmitButton variant="secondary" pendingLabel="Replaying…" className="px-2 py-1 text-xs">
        Replay
      </SubmitButton>
      {state.message ? <span role="status" className="text-xs text-emerald-700">{state.message}</span> : null}
      {state.error ? <span role="alert" className="text-xs text-red-700">{state.error}</span> : null}
    </form>
  );
}
