import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import { memberships, organisations, users } from "@/db/schema";
import { env } from "@/lib/env";
import { formatMoney } from "@/lib/money";
import { enqueueEmail } from "@/lib/notify/outbox";

interface OrderFacts {
  id: string;
  buyerUserId: string;
  organisationId: string;
  amount: number;
  currency: string;
  platformFee: number;
  status: string;
}

export function link(path: string) {
  return `${env().appUrl}${path}`;
}

export async function buyerOf(db: Database, userId: string) {
  const [u] = await db.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, userId));
  return u ?? null;
}

export async function sellerManagers(db: Database, organisationId: string) {
  return db
    .select({ id: users.id, email: users.email, orgName: organisations.name, slug: organisations.slug })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(and(eq(memberships.organisationId, organisationId), inArray(memberships.role, ["owner", "admin"])));
}

/** The marketplace's emails, queued in the caller's transaction (they exist exactly when the sale does). */
export const marketplaceEmails = {
  async sale(db: Database, order: OrderFacts, items: { title: string; quantity: number }[]) {
    const what = items.map((i) => (i.quantity > 1 ? `${i.quantity} × ${i.title}` : i.title)).join(", ");
    const total = formatMoney({ amount: order.amount, currency: order.currency });
    const buyer = await buyerOf(db, order.buyerUserId);
    const authorised = order.status === "authorised";
    if (buyer) {
      await enqueueEmail(db, {
        to: buyer.email,
        userId: buyer.id,
        template: authorised ? "booking_requested" : "purchase_receipt",
        subject: authorised ? `Booking requested: ${what}` : `Your receipt: ${what}`,
        body: authorised
          ? `Your card was authorised for ${total} (not charged yet). The seller will confirm your booking; you are charged only then.\n\n${link(`/orders/${order.id}`)}`
          : `Thank you! You paid ${total} for ${what}.\n\nYour order, tickets and course access: ${link(`/orders/${order.id}`)}`,
      });
    }
    for (const m of await sellerManagers(db, order.organisationId)) {
      await enqueueEmail(db, {
        to: m.email,
        userId: m.id,
        template: authorised ? "seller_booking_request" : "seller_sale",
        subject: authorised ? `New booking to confirm: ${what}` : `New sale: ${what}`,
        body: `${buyer?.email ?? "A buyer"} ${authorised ? "asked to book" : "bought"} ${what} for ${total} (Plaza fee ${formatMoney({ amount: order.platformFee, currency: order.currency })}).\n\n${link(`/orgs/${m.slug}/listings`)}`,
      });
    }
  },
  async latePaymentRefunded(db: Database, order: OrderFacts, amount: number) {
    const buyer = await buyerOf(db, order.buyerUserId);
    if (!buyer) return;
    await enqueueEmail(db, {
      to: buyer.email,
      userId: buyer.id,
      template: "late_payment_refunded",
      subject: `We are refunding ${formatMoney({ amount, currency: order.currency })}`,
      body: `A payment arrived on a checkout that had already been replaced or had expired, so nothing was bought with it. We are refunding the full ${formatMoney({ amount, currency: order.currency })} to your card; it usually shows within 5–10 days.\n\n${link(`/orders/${order.id}`)}`,
    });
  },
};
