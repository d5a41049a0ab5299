import "server-only";
import { and, count, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { courseAccess, listings, orderItems, orders, organisations, tickets, users } from "@/db/schema";
import { cardSaleFee } from "@/lib/fees/schedules";
import { postCardSale } from "@/lib/marketplace/orders";

const DAY = 86_400_000;

/** A small deterministic generator, so every fresh demo database gets the same chart. */
function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

const SELLERS = [
  { slug: "harbour-bridge-club", seed: 7, perDay: 1.2 },
  { slug: "adas-coaching", seed: 11, perDay: 0.7 },
] as const;

/** Tickets sold out of an event's places by the demo history: a few, so the live listing keeps most of its stock. */
const TICKET_SHARE = 0.25;

const BUYERS = ["member@plaza.test", "member2@plaza.test", "runner@plaza.test", "admin@plaza.test"];

/**
 * Demo sales for Harbour Bridge Club and Ada's Coaching, spread over the last 60 days so the sales chart has
 * shape: card orders of the sellers' courses and a few tickets of events with room to spare (a quarter of the
 * places at most; services and nearly-full events are left alone). Each order is priced with the fee in force on its day and
 * booked through the same posting as a real card sale (`postCardSale`, key `order:<id>:card_sale`), so the
 * ledger stays consistent; only the dates are in the past. Runs once: a seller that has orders is left alone.
 */
export async function seedDemoSales(db: Database, now = new Date()): Promise<void> {
  const buyerRows = await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, BUYERS));
  const buyers = BUYERS.map((e) => buyerRows.find((b) => b.email === e)?.id).filter((id): id is string => Boolean(id));
  if (buyers.length === 0) return;
  for (const seller of SELLERS) {
    const [org] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, seller.slug)).limit(1);
    if (!org) continue;
    const [has] = await db.select({ n: count() }).from(orders).where(eq(orders.organisationId, org.id));
    if (has.n > 0) continue;
    await db.transaction(async (tx) => {
      const published = await tx.select().from(listings).where(and(eq(listings.organisationId, org.id), eq(listings.published, true)));
      // Courses (no stock) and events with room to spare; never services (slots) nor nearly-full events.
      const products = published
        .filter((l) => l.kind === "course" || (l.kind === "event_ticket" && l.capacity !== null && l.capacity >= 20))
        .map((l) => ({ id: l.id, kind: l.kind, title: l.title, amount: l.amount, currency: l.currency, stock: l.kind === "event_ticket" ? Math.floor((l.capacity ?? 0) * TICKET_SHARE) - l.reserved : Infinity }));
      if (products.length === 0) return;
      const rand = generator(seller.seed);
      // Priced with the fee in force on the day (the demo schedules change on the first of a month).
      const fees = new Map<string, Awaited<ReturnType<typeof cardSaleFee>>>();
      const feeFor = async (amount: number, at: Date) => {
        const key = `${amount}:${at.toISOString().slice(0, 7)}`;
        let fee = fees.get(key);
        if (!fee) {
          fee = await cardSaleFee(tx, org.id, amount, at);
          fees.set(key, fee);
        }
        return fee;
      };
      const rows: (typeof orders.$inferInsert & { id: string })[] = [];
      const items: (typeof orderItems.$inferInsert & { id: string })[] = [];
      const access: (typeof courseAccess.$inferInsert)[] = [];
      const issued: (typeof tickets.$inferInsert)[] = [];
      const sold = new Map<string, number>();
      for (let daysAgo = 60; daysAgo >= 1; daysAgo--) {
        // A gentle rise towards today with a weekly rhythm (weekends sell more), plus noise.
        const day = new Date(now.getTime() - daysAgo * DAY);
        const weekend = day.getUTCDay() === 0 || day.getUTCDay() === 6 ? 1.6 : 1;
        const mean = seller.perDay * weekend * (0.6 + (60 - daysAgo) / 75);
        const sales = Math.floor(mean + rand() * 1.5 - 0.4);
        for (let i = 0; i < sales; i++) {
          const product = products[Math.floor(rand() * products.length)];
          const quantity = product.kind === "event_ticket" ? 1 + Math.floor(rand() * 2) : 1;
          if (quantity > product.stock) continue;
          const amount = product.amount * quantity;
          const paidAt = new Date(day.getTime() - Math.floor(rand() * 10 * 3_600_000));
          const buyer = buyers[Math.floor(rand() * buyers.length)];
          const fee = await feeFor(amount, paidAt);
          const id = crypto.randomUUID();
          const itemId = crypto.randomUUID();
          rows.push({
            id,
            buyerUserId: buyer,
            organisationId: org.id,
            status: "paid",
            amount,
            currency: product.currency,
            platformFee: fee.fee,
            feeScheduleId: fee.scheduleId,
            feeComputation: { ...fee, demo: true },
            articlesKey: `${product.id}:${quantity}`,
            chargeType: "destination",
            paidWith: "checkout",
            createdAt: new Date(paidAt.getTime() - 90_000),
            paidAt,
          });
          items.push({ id: itemId, orderId: id, listingId: product.id, kind: product.kind, title: product.title, quantity, unitAmount: product.amount, amount });
          if (product.kind === "course") {
            access.push({ listingId: product.id, userId: buyer, orderId: id, grantedAt: paidAt });
          } else {
            // A sold place counts in `reserved`, as a real sale's hold does; its tickets are issued as fulfilment issues them.
            product.stock -= quantity;
            sold.set(product.id, (sold.get(product.id) ?? 0) + quantity);
            for (let seq = 1; seq <= quantity; seq++) issued.push({ orderId: id, orderItemId: itemId, listingId: product.id, holderUserId: buyer, code: `DEMO${id.replace(/-/g, "").slice(0, 8).toUpperCase()}${seq}`, seq, createdAt: paidAt });
          }
        }
      }
      if (rows.length === 0) return;
      const inserted = await tx.insert(orders).values(rows).returning();
      await tx.insert(orderItems).values(items);
      for (const order of inserted) await postCardSale(tx, order, { paidWith: "checkout", paymentIntentId: null, stripeEventId: null, authorisedOnly: false });
      if (access.length) await tx.insert(courseAccess).values(access).onConflictDoNothing();
      if (issued.length) await tx.insert(tickets).values(issued);
      for (const [listingId, quantity] of sold) await tx.update(listings).set({ reserved: sql`${listings.reserved} + ${quantity}` }).where(eq(listings.id, listingId));
    });
  }
}
