"use client";
import { useActionState } from "react";
import { replayEventAction, type ReplayState } from "@/app/admin/webhooks/actions";
import { SubmitButton } from "@/components/ui/submit-button";

export function ReplayButton({ eventId }: { eventId: string }) {
  const [state, action] = useActionState<ReplayState, FormData>(replayEventAction, {});
  return (
    <form action={action} className="flex flex-col items-start gap-1">
      <input type="hidden" name="eventId" value={eventId} />
      <SubmitButton variant="secondary" pendingLabel="Replaying…" className="px-2 py-1 text-xs">
        Replay<span className="sr-only"> {eventId}</span>
      </SubmitButton>
      {state.message ? <span role="status" className="max-w-56 text-xs text-emerald-800" data-testid="replay-outcome">{state.message}</span> : null}
      {state.error ? <span role="alert" className="max-w-56 text-xs text-red-700" data-testid="replay-outcome">{state.error}</span> : null}
    </form>
  );
}
