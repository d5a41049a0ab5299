import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import { checkoutSessions } from "@/db/schema";
import { purposeName, purposeUserId } from "./metadata";

function idOf(v: string | { id: string } | null): string | null {
  return typeof v === "string" ? v : (v?.id ?? null);
}

/**
 * Records a Checkout Session as Stripe reports it. Status only moves forward: open -> complete | expired, and
 * a terminal state is never overwritten, so reordered or repeated events (and the success page racing the
 * webhook) leave one consistent row.
 */
export async function recordCheckoutSession(db: Database, session: Stripe.Checkout.Session, stripeAccount: string | null): Promise<void> {
  const now = new Date();
  const values = {
    id: session.id,
    purpose: purposeName(session.metadata) ?? "external",
    userId: purposeUserId(session.metadata),
    stripeAccount,
    mode: session.mode,
    status: session.status ?? "open",
    paymentStatus: session.payment_status,
    amountTotal: session.amount_total,
    currency: session.currency,
    paymentIntentId: idOf(session.payment_intent),
    setupIntentId: idOf(session.setup_intent),
    customerId: idOf(session.customer),
    reference: session.client_reference_id,
    metadata: session.metadata ?? {},
    completedAt: session.status === "complete" ? now : null,
    expiredAt: session.status === "expired" ? now : null,
  };
  await db
    .insert(checkoutSessions)
    .values(values)
    .onConflictDoUpdate({
      target: checkoutSessions.id,
      set: {
        status: values.status,
        paymentStatus: values.paymentStatus,
        paymentIntentId: sql`coalesce(excluded.payment_intent_id, ${checkoutSessions.paymentIntentId})`,
        setupIntentId: sql`coalesce(excluded.setup_intent_id, ${checkoutSessions.setupIntentId})`,
        customerId: sql`coalesce(excluded.customer_id, ${checkoutSessions.customerId})`,
        completedAt: values.completedAt,
        expiredAt: values.expiredAt,
      },
      // Forward only: a session that is already complete or expired keeps its terminal state.
      setWhere: sql`${checkoutSessions.status} = 'open'`,
    });
}

export type StoredCheckoutSession = typeof checkoutSessions.$inferSelect;

/** A Checkout Session this user started (null for anyone else's: pages answer 404). */
export async function checkoutSessionForUser(db: Database, sessionId: string, userId: string): Promise<StoredCheckoutSession | null> {
  const [row] = await db
    .select()
    .from(checkoutSessions)
    .where(and(eq(checkoutSessions.id, sessionId), eq(checkoutSessions.userId, userId)))
    .limit(1);
  return row ?? null;
}
