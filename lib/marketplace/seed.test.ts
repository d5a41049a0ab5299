import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/db/testing";
import { listings } from "@/db/schema";
import { seedDemoData } from "@/db/seed/demo";
import { cardSaleFee } from "@/lib/fees/schedules";
import { findOrganisationBySlug } from "@/lib/orgs/organisations";
import { searchCatalogue } from "./listings";

describe("demo listings", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase("pglite");
  });
  afterAll(async () => t?.close());

  it("seeds published listings of each kind from both sellers, once, with the fee schedule", async () => {
    await seedDemoData(t.db);
    await seedDemoData(t.db);
    const { listings: all } = await searchCatalogue(t.db, { limit: 50 });
    expect(all).toHaveLength(5);
    expect(new Set(all.map((l) => l.kind))).toEqual(new Set(["course", "event_ticket", "service"]));
    expect(new Set(all.map((l) => l.seller.slug))).toEqual(new Set(["harbour-bridge-club", "adas-coaching"]));
    const service = all.find((l) => l.kind === "service");
    expect(service?.slots.filter((s) => s.available).length).toBe(6);
    expect(await t.db.select().from(listings)).toHaveLength(5);
    const club = await findOrganisationBySlug(t.db, "harbour-bridge-club");
    const ada = await findOrganisationBySlug(t.db, "adas-coaching");
    // 5% of 2 500 = 125 + 30 = 155 for the club (platform default); Ada's override: 3% + 20 = 95.
    expect((await cardSaleFee(t.db, club!.id, 2500)).fee).toBe(155);
    expect((await cardSaleFee(t.db, ada!.id, 2500)).fee).toBe(95);
    expect((await cardSaleFee(t.db, club!.id, 2500, new Date("2025-06-01"))).fee).toBe(130);
  }, 120_000); // seeding includes 60 days of demo sales (db/seed/sales.ts) and a slow password hash
});
