import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing";
import { listings, orderItems, orderRefunds, orders, organisations } from "@/db/schema";
import { seedDemoData } from "@/db/seed/demo";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { makeOrganisation, makeUser } from "./testing/fixtures";
import { bucketsOf, ordersFilterOf, parseQuery, salesRange, salesSummary, sellerOrdersCsv, sellerOrdersPage, sellerOrdersQuery, SELLER_ORDERS_CSV_HEADER, topListings } from "./sales";

const drivers = await testDrivers();

async function collect(gen: AsyncGenerator<string>): Promise<string> {
  let out = "";
  for await (const c of gen) out += c;
  return out;
}

describe("sales ranges and buckets", () => {
  it("defaults to the last 60 days up to today, `to` inclusive, and refuses a reversed range", () => {
    const now = new Date("2026-12-01T15:00:00Z");
    const r = salesRange({}, now);
    expect(r.to.toISOString()).toBe("2026-12-02T00:00:00.000Z");
    expect(r.from.toISOString()).toBe("2026-10-03T00:00:00.000Z");
    expect(() => salesRange({ from: new Date("2026-11-02"), to: new Date("2026-11-01") })).toThrow(expect.objectContaining({ code: "validation_failed", param: "to" }));
  });
  it("has one bucket per day, ISO week (Monday) or month, gaps included", () => {
    const range = { from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-12-01T00:00:00Z") };
    expect(bucketsOf(range, "day")).toHaveLength(30);
    expect(bucketsOf(range, "week").map((d) => d.toISOString().slice(0, 10))).toEqual(["2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30"]);
    expect(bucketsOf(range, "month").map((d) => d.toISOString().slice(0, 10))).toEqual(["2026-11-01"]);
  });
  it("answers bad query strings with a 422 naming the parameter", () => {
    expect(() => parseQuery(sellerOrdersQuery, new URLSearchParams("status=lost"))).toThrow(expect.objectContaining({ code: "validation_failed", param: "status" }));
    expect(() => parseQuery(sellerOrdersQuery, new URLSearchParams("from=2026-13-01"))).toThrow(expect.objectContaining({ param: "from" }));
  });
});

describe.each(drivers)("seller sales on %s", (driver) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
  });
  afterAll(async () => t?.close());
  afterEach(async () => checkLedgerInvariants(t.db));

  async function sellerWithSales() {
    const { org } = await makeOrganisation(t.db, "Sales Club");
    const other = await makeOrganisation(t.db, "Other Club");
    const buyer = await makeUser(t.db, "buyer");
    const [course, ticket] = await t.db
      .insert(listings)
      .values([
        { organisationId: org.id, kind: "course", title: "Knots, \"advanced\"", description: "d", amount: 2500, currency: "usd", published: true },
        { organisationId: org.id, kind: "event_ticket", title: "=Regatta", description: "d", amount: 4000, currency: "usd", capacity: 100, published: true },
      ])
      .returning();
    const sale = async (o: { listing: typeof course; quantity?: number; fee: number; paidAt: string | null; status?: (typeof orders.status.enumValues)[number]; organisationId?: string }) => {
      const amount = o.listing.amount * (o.quantity ?? 1);
      const at = o.paidAt ? new Date(o.paidAt) : new Date("2026-11-20T10:00:00Z");
      const [row] = await t.db
        .insert(orders)
        .values({ buyerUserId: buyer.id, organisationId: o.organisationId ?? org.id, status: o.status ?? "paid", amount, currency: "usd", platformFee: o.fee, feeComputation: {}, articlesKey: o.listing.id, createdAt: at, paidAt: o.paidAt ? at : null })
        .returning();
      await t.db.insert(orderItems).values({ orderId: row.id, listingId: o.listing.id, kind: o.listing.kind, title: o.listing.title, quantity: o.quantity ?? 1, unitAmount: o.listing.amount, amount });
      return row;
    };
    const a = await sale({ listing: course, fee: 155, paidAt: "2026-11-02T09:00:00Z" });
    await sale({ listing: course, fee: 155, paidAt: "2026-11-02T18:00:00Z" });
    const c = await sale({ listing: ticket, quantity: 3, fee: 630, paidAt: "2026-11-10T12:00:00Z", status: "partially_refunded" });
    await sale({ listing: course, fee: 155, paidAt: null, status: "awaiting_payment" });
    await sale({ listing: course, fee: 155, paidAt: "2026-10-30T12:00:00Z" }); // before the range
    await sale({ listing: course, fee: 155, paidAt: "2026-11-05T12:00:00Z", organisationId: other.org.id }); // another seller
    await t.db.insert(orderRefunds).values([
      { orderId: c.id, paymentIntentId: "pi_x", amount: 4000, currency: "usd", status: "succeeded", source: "plaza", reason: "requested_by_customer", createdAt: new Date("2026-11-12T08:00:00Z") },
      { orderId: a.id, paymentIntentId: "pi_y", amount: 2500, currency: "usd", status: "failed", source: "stripe", reason: "x", createdAt: new Date("2026-11-12T08:00:00Z") },
    ]);
    return { org, course, ticket, c };
  }

  it("totals gross, fees, refunds and net for the range, with a series and top listings", async () => {
    const { org, ticket } = await sellerWithSales();
    const range = salesRange({ from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-11-30T00:00:00Z") });
    const s = await salesSummary(t.db, org.id, { range, interval: "day" });
    // 2 x 2 500 + 12 000 = 17 000 gross; fees 155 + 155 + 630 = 940; one succeeded refund of 4 000.
    expect(s.currency).toBe("usd");
    expect(s.totals).toEqual({ gross: 17_000, fees: 940, refunds: 4000, net: 12_060, orders: 3 });
    expect(s.series).toHaveLength(30);
    expect(s.series.find((p) => p.start.startsWith("2026-11-02"))).toEqual({ start: "2026-11-02T00:00:00.000Z", gross: 5000, orders: 2 });
    expect(s.series.find((p) => p.start.startsWith("2026-11-10"))?.gross).toBe(12_000);
    expect(s.series.reduce((sum, p) => sum + p.gross, 0)).toBe(17_000);
    const weekly = await salesSummary(t.db, org.id, { range, interval: "week" });
    expect(weekly.series.map((p) => [p.start.slice(0, 10), p.gross])).toEqual([
      ["2026-10-26", 0],
      ["2026-11-02", 5000],
      ["2026-11-09", 12_000],
      ["2026-11-16", 0],
      ["2026-11-23", 0],
      ["2026-11-30", 0],
    ]);
    const top = await topListings(t.db, org.id, { range, currency: "usd" });
    expect(top.map((l) => [l.listingId, l.quantity, l.gross])).toEqual([
      [ticket.id, 3, 12_000],
      [top[1].listingId, 2, 5000],
    ]);
  });

  it("lists orders newest first with filters and keyset pages that skip and repeat nothing", async () => {
    const { org } = await makeOrganisation(t.db, "Busy Club");
    const buyer = await makeUser(t.db, "buyer");
    const [l] = await t.db.insert(listings).values({ organisationId: org.id, kind: "course", title: "C", description: "d", amount: 1000, currency: "usd", published: true }).returning();
    // 23 orders, several sharing a timestamp to the microsecond's neighbourhood (now() in one statement).
    const rows = await t.db
      .insert(orders)
      .values(Array.from({ length: 23 }, (_, i) => ({ buyerUserId: buyer.id, organisationId: org.id, status: i % 5 === 0 ? ("expired" as const) : ("paid" as const), amount: 1000, currency: "usd", platformFee: 80, feeComputation: {}, articlesKey: l.id, paidAt: new Date(), ...(i < 10 ? { createdAt: new Date(Date.UTC(2026, 10, 1 + i)) } : {}) })))
      .returning();
    await t.db.insert(orderItems).values(rows.map((r) => ({ orderId: r.id, listingId: l.id, kind: "course" as const, title: "C", quantity: 1, unitAmount: 1000, amount: 1000 })));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof sellerOrdersPage>> = await sellerOrdersPage(t.db, org.id, {}, { cursor, limit: 4 });
      seen.push(...page.rows.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(23);
    expect(new Set(seen).size).toBe(23);
    const expired = await sellerOrdersPage(t.db, org.id, ordersFilterOf({ status: "expired" }), { limit: 100 });
    expect(expired.rows).toHaveLength(5);
    expect((await sellerOrdersPage(t.db, org.id, ordersFilterOf({ kind: "event_ticket" }))).rows).toHaveLength(0);
    const nov = await sellerOrdersPage(t.db, org.id, ordersFilterOf({ from: new Date("2026-11-03"), to: new Date("2026-11-05") }));
    expect(nov.rows.map((r) => r.createdAt.toISOString().slice(0, 10))).toEqual(["2026-11-05", "2026-11-04", "2026-11-03"]);
    await expect(sellerOrdersPage(t.db, org.id, {}, { cursor: "bm9wZQ" })).rejects.toMatchObject({ code: "validation_failed", param: "cursor" });
  });

  it("exports the filtered orders as CSV with ISO 8601 dates, major units and guarded text", async () => {
    const { org, c } = await sellerWithSales();
    const csv = await collect(sellerOrdersCsv(t.db, org.id, {}, 2));
    const lines = csv.split("\r\n").filter(Boolean);
    expect(lines[0]).toBe(SELLER_ORDERS_CSV_HEADER);
    expect(lines).toHaveLength(1 + 5);
    const line = lines.find((x) => x.includes(c.id));
    expect(line).toMatch(/^2026-11-10T12:00:00Z,2026-11-10T12:00:00Z,/);
    expect(line).toContain(",partially_refunded,");
    expect(line).toContain(",3 × =Regatta,120.00,6.30,40.00,73.70,USD");
    expect(lines.find((x) => x.includes("Knots"))).toContain('"1 × Knots, ""advanced"""');
    const filtered = await collect(sellerOrdersCsv(t.db, org.id, ordersFilterOf({ status: "awaiting_payment" })));
    expect(filtered.split("\r\n").filter(Boolean)).toHaveLength(2);
  });

  it("seeds demo sales over the last 60 days for both sellers, booked as card sales, once", async () => {
    await seedDemoData(t.db);
    await seedDemoData(t.db);
    for (const slug of ["harbour-bridge-club", "adas-coaching"]) {
      const [org] = await t.db.select().from(organisations).where(eq(organisations.slug, slug));
      const s = await salesSummary(t.db, org.id, { range: salesRange({}), interval: "week" });
      expect(s.totals.orders).toBeGreaterThan(15);
      expect(s.series.filter((p) => p.gross > 0).length).toBeGreaterThanOrEqual(8);
      const sold = await t.db.select().from(orders).where(eq(orders.organisationId, org.id));
      expect(sold.every((o) => o.ledgerTransactionId !== null && o.status === "paid")).toBe(true);
    }
    const capped = await t.db.select().from(listings).where(eq(listings.kind, "event_ticket"));
    for (const l of capped) if (l.capacity !== null) expect(l.reserved).toBeLessThanOrEqual(Math.floor(l.capacity / 4));
  }, 120_000);
});
