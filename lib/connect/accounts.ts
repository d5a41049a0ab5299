import "server-only";
import { eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import { connectedAccounts } from "@/db/schema";
import type { ConnectKind } from "./can-sell";

/** The status fields Plaza mirrors from a Stripe account object. */
export function statusOf(account: Stripe.Account) {
  const r = account.requirements;
  const capabilities: Record<string, string> = {};
  for (const [name, status] of Object.entries(account.capabilities ?? {})) if (typeof status === "string") capabilities[name] = status;
  return {
    chargesEnabled: account.charges_enabled ?? false,
    payoutsEnabled: account.payouts_enabled ?? false,
    detailsSubmitted: account.details_submitted ?? false,
    requirementsDue: r?.currently_due ?? [],
    pastDue: r?.past_due ?? [],
    eventuallyDue: r?.eventually_due ?? [],
    pendingVerification: r?.pending_verification ?? [],
    requirementErrors: (r?.errors ?? []).map((e) => ({ requirement: e.requirement, code: e.code, reason: e.reason })),
    capabilities,
    disabledReason: r?.disabled_reason ?? null,
    currentDeadline: r?.current_deadline ? new Date(r.current_deadline * 1000) : null,
  };
}

/**
 * Mirrors a connected account's ability to sell. Events can arrive out of order, so an observation older
 * than what is stored is ignored (the newest Stripe timestamp wins). An account Plaza has not linked to an
 * organisation is recorded with the organisation its metadata names, if any.
 */
export async function mirrorConnectedAccount(db: Database, account: Stripe.Account, observedAt: Date, link: { organisationId?: string; kind?: ConnectKind; scope?: string | null } = {}): Promise<void> {
  const status = statusOf(account);
  const values = {
    id: account.id,
    organisationId: link.organisationId ?? account.metadata?.plaza_organisation_id ?? null,
    type: account.type ?? "none",
    kind: link.kind ?? null,
    scope: link.scope ?? null,
    livemode: false,
    ...status,
    stripeUpdatedAt: observedAt,
  };
  await db
    .insert(connectedAccounts)
    .values(values)
    .onConflictDoUpdate({
      target: connectedAccounts.id,
      set: { ...status, type: values.type, stripeUpdatedAt: values.stripeUpdatedAt },
      setWhere: sql`${connectedAccounts.stripeUpdatedAt} is null or ${connectedAccounts.stripeUpdatedAt} <= excluded.stripe_updated_at`,
    });
}

export async function markAccountDeauthorized(db: Database, accountId: string, at: Date): Promise<void> {
  await db
    .update(connectedAccounts)
    .set({ deauthorizedAt: at, chargesEnabled: false, payoutsEnabled: false })
    .where(sql`${connectedAccounts.id} = ${accountId} and ${connectedAccounts.deauthorizedAt} is null`);
}

export async function findConnectedAccount(db: Database, accountId: string) {
  const [row] = await db.select().from(connectedAccounts).where(eq(connectedAccounts.id, accountId)).limit(1);
  return row ?? null;
}
