"use client";
import { useActionState } from "react";
import { buyAction, buyEmbeddedAction, payFromWalletAction } from "@/app/listings/[id]/actions";
import type { ActionState } from "@/components/forms/action-state";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";

interface Slot {
  id: string;
  label: string;
  available: boolean;
}

/** Buying a listing: quantity (or a time slot), then Stripe's page, this page (embedded) or the wallet. */
export function BuyForm({ listingId, kind, maxQuantity, slots, walletLabel }: { listingId: string; kind: string; maxQuantity: number | null; slots: Slot[]; walletLabel: string | null }) {
  const [state, action] = useActionState<ActionState, FormData>(buyAction, {});
  const [embeddedState, embeddedAction] = useActionState<ActionState, FormData>(buyEmbeddedAction, {});
  const [walletState, walletAction] = useActionState<ActionState, FormData>(payFromWalletAction, {});
  const error = state.error ?? embeddedState.error ?? walletState.error;
  return (
    <form className="space-y-4" noValidate aria-label="Buy" action={action}>
      {error ? (
        <Alert tone="error" testId="buy-error">
          {error}
        </Alert>
      ) : null}
      <input type="hidden" name="articleId" value={listingId} />
      {kind === "service" ? (
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-700">Choose a time</legend>
          {slots.length === 0 ? <p className="text-sm text-slate-600">No time slots are open.</p> : null}
          {slots.map((s, i) => (
            <label key={s.id} className={`flex items-center gap-2 text-sm ${s.available ? "" : "text-slate-400 line-through"}`}>
              <input type="radio" name="slotId" value={s.id} disabled={!s.available} defaultChecked={i === slots.findIndex((x) => x.available)} className="accent-brand-600" data-testid="slot-option" />
              {s.label}
            </label>
          ))}
        </fieldset>
      ) : kind === "event_ticket" ? (
        <div className="space-y-1">
          <label htmlFor="buy-quantity" className="block text-sm font-medium text-slate-700">
            Tickets
          </label>
          <input id="buy-quantity" name="quantity" type="number" min={1} max={maxQuantity ?? 20} defaultValue={1} className="block w-24 rounded-md border border-slate-300 px-3 py-2 text-sm" />
        </div>
      ) : null}
      <div className="flex flex-col gap-2 sm:flex-row sm:flex-wrap">
        <SubmitButton pendingLabel="Starting checkout…">
          <span data-testid="buy-hosted">Pay by card</span>
        </SubmitButton>
        <button type="submit" formAction={embeddedAction} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50" data-testid="buy-embedded">
          Pay on this page
        </button>
        {walletLabel ? (
          <button type="submit" formAction={walletAction} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50" data-testid="buy-wallet">
            {walletLabel}
          </button>
        ) : null}
      </div>
    </form>
  );
}
