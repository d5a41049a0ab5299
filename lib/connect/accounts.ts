import "server-only";
import { eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import { connectedAccounts } from "@/db/schema";

/**
 * Mirrors a connected account's ability to sell. Events can arrive out of order, so an update older than
 * what is stored is ignored (the newest Stripe timestamp wins).
 */
export async function mirrorConnectedAccount(db: Database, account: Stripe.Account, observedAt: Date): Promise<void> {
  const values = {
    id: account.id,
    organisationId: account.metadata?.plaza_organisation_id ?? null,
    type: account.type ?? "standard",
    chargesEnabled: account.charges_enabled ?? false,
    payoutsEnabled: account.payouts_enabled ?? false,
    detailsSubmitted: account.details_submitted ?? false,
    requirementsDue: account.requirements?.currently_due ?? [],
    disabledReason: account.requirements?.disabled_reason ?? null,
    stripeUpdatedAt: observedAt,
  };
  await db
    .insert(connectedAccounts)
    .values(values)
    .onConflictDoUpdate({
      target: connectedAccounts.id,
      set: {
        chargesEnabled: values.chargesEnabled,
        payoutsEnabled: values.payoutsEnabled,
        detailsSubmitted: values.detailsSubmitted,
        requirementsDue: values.requirementsDue,
        disabledReason: values.disabledReason,
        stripeUpdatedAt: values.stripeUpdatedAt,
      },
      setWhere: sql`${connectedAccounts.stripeUpdatedAt} is null or ${connectedAccounts.stripeUpdatedAt} <= excluded.stripe_updated_at`,
    });
}

export async function markAccountDeauthorized(db: Database, accountId: string, at: Date): Promise<void> {
  await db
    .update(connectedAccounts)
    .set({ deauthorizedAt: at, chargesEnabled: false, payoutsEnabled: false })
    .where(eq(connectedAccounts.id, accountId));
}
