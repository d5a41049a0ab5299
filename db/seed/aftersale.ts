import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import { listings, orders, organisations, users } from "@/db/schema";
import { env } from "@/lib/env";
import { startCheckout } from "@/lib/marketplace/checkout";
import { recordDispute, settleDisputeTransfers } from "@/lib/marketplace/disputes";
import { refundOrder } from "@/lib/marketplace/refunds";
import { syncOrderCheckout } from "@/lib/marketplace/sync";
import { stripe } from "@/lib/stripe/client";

const REFUND_REF = "demo-aftersale-refund";
const DISPUTE_REF = "demo-aftersale-dispute";

async function emulator(path: string, body: unknown): Promise<void> {
  const r = await fetch(`http://127.0.0.1:${env().STRIPE_EMULATOR_PORT}${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${env().stripeSecretKey}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`emulator ${path} answered ${r.status}`);
}

/** Buys a listing as the buyer through Checkout, pays in the emulator, and settles it as the webhook would. */
async function buy(db: Database, buyer: { id: string; email: string }, listingId: string, ref: string) {
  const start = await startCheckout(db, buyer, { articles: [{ articleId: listingId, quantity: 1 }], internalReferenceId: ref, uiMode: "hosted" });
  if (!start.sessionId) throw new Error("no checkout session");
  await emulator(`/_emu/checkout/sessions/${start.sessionId}/complete`, {});
  const [order] = await db.select().from(orders).where(eq(orders.id, start.orderId));
  await syncOrderCheckout(db, order);
  const [paid] = await db.select().from(orders).where(eq(orders.id, start.orderId));
  return paid;
}

/**
 * Demo after-sale data on Harbour Bridge Club, through the real flows in the emulator: a course bought by
 * member2 and refunded in part by the club's owner, and a regatta ticket bought by member2 whose charge the
 * buyer's bank disputes (left open, evidence due). Runs once: orders carrying the demo references stay.
 * Runs after the demo sellers have their Stripe accounts (lib/startup.ts), in emulator demo mode only.
 */
export async function seedAftersaleDemo(db: Database): Promise<void> {
  if (env().stripeMode !== "emulator" || !env().demoMode) return;
  const [club] = await db.select().from(organisations).where(eq(organisations.slug, "harbour-bridge-club"));
  if (!club) return;
  const done = await db.select({ ref: orders.internalReferenceId }).from(orders).where(and(eq(orders.organisationId, club.id), inArray(orders.internalReferenceId, [REFUND_REF, DISPUTE_REF])));
  if (done.length >= 2) return;
  const people = await db.select({ id: users.id, email: users.email, platformAdmin: users.isPlatformAdmin }).from(users).where(inArray(users.email, ["member2@plaza.test", "club@plaza.test"]));
  const buyer = people.find((p) => p.email === "member2@plaza.test");
  const owner = people.find((p) => p.email === "club@plaza.test");
  const clubListings = await db.select().from(listings).where(and(eq(listings.organisationId, club.id), eq(listings.published, true)));
  const course = clubListings.find((l) => l.kind === "course" && l.amount > 0);
  const ticket = clubListings.find((l) => l.kind === "event_ticket" && l.amount > 0 && (l.capacity ?? 0) - l.reserved > 1);
  if (!buyer || !owner) return;
  try {
    if (course && !done.some((d) => d.ref === REFUND_REF)) {
      const order = await buy(db, buyer, course.id, REFUND_REF);
      if (order.status === "paid") {
        await refundOrder(db, { id: owner.id, platformAdmin: false, organisations: [{ id: club.id, role: "owner" }] }, order.id, { amount: Math.floor(order.amount / 2), reason: "Missed the first lesson" }, { idempotencyKey: "demo-aftersale-refund" });
      }
    }
    if (ticket && !done.some((d) => d.ref === DISPUTE_REF)) {
      const order = await buy(db, buyer, ticket.id, DISPUTE_REF);
      if (order.status === "paid" && order.paymentIntentId) {
        const pi = await stripe().paymentIntents.retrieve(order.paymentIntentId);
        const charge = typeof pi.latest_charge === "string" ? pi.latest_charge : pi.latest_charge?.id;
        // The emulator also sends charge.dispute.* to the app's webhook (which may not listen yet at start):
        // the dispute is recorded from Stripe's object with the webhook's own code, so both land once.
        if (charge) {
          await emulator(`/_emu/charges/${charge}/dispute`, { reason: "product_not_received" });
          for (const dp of (await stripe().disputes.list({ charge })).data) await db.transaction((tx) => recordDispute(tx, dp, { stripeAccount: null, stripeEventId: null }));
          await settleDisputeTransfers(db);
        }
      }
    }
  } catch (e) {
    console.error("[plaza] could not seed the after-sale demo data:", e instanceof Error ? e.message : e);
  }
}
