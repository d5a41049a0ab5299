import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, isNotNull } from "drizzle-orm";
import { createTestDatabase, type TestDatabase } from "@/db/testing";
import { orderDisputes, orders, organisations } from "@/db/schema";
import { seedDemoData } from "@/db/seed/demo";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { connectSeller } from "@/lib/marketplace/testing/fixtures";
import { startStripeHarness, type StripeHarness } from "@/lib/wallet/testing/harness";
import { seedAftersaleDemo } from "./aftersale";

const harness: StripeHarness = await startStripeHarness();
afterAll(() => harness.close());

describe("after-sale demo data", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase("pglite");
    harness.useDatabase(t.db);
    await seedDemoData(t.db);
    const [club] = await t.db.select().from(organisations).where(eq(organisations.slug, "harbour-bridge-club"));
    await connectSeller(t.db, harness, club.id, "express");
  }, 180_000);
  afterAll(async () => t?.close());

  it("seeds a partly refunded order and an open dispute on Harbour Bridge Club through the emulator, once", async () => {
    await seedAftersaleDemo(t.db);
    await harness.drain();
    await seedAftersaleDemo(t.db);
    await harness.drain();
    const [club] = await t.db.select().from(organisations).where(eq(organisations.slug, "harbour-bridge-club"));
    // Only the after-sale demo's own orders (the demo sales seed adds backdated sales with no Stripe payment).
    const own = await t.db.select().from(orders).where(and(eq(orders.organisationId, club.id), isNotNull(orders.internalReferenceId)));
    expect(own.map((o) => o.status).sort()).toEqual(["paid", "partially_refunded"]);
    const disputes = await t.db.select().from(orderDisputes);
    expect(disputes).toHaveLength(1);
    expect(disputes[0]).toMatchObject({ status: "needs_response", transferReversalStatus: "done" });
    expect(disputes[0].evidenceDueBy).toBeInstanceOf(Date);
    await checkLedgerInvariants(t.db);
  });
});
