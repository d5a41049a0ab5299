import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing";
import { connectedAccounts } from "@/db/schema";
import { createListing, listingView, searchCatalogue, updateListing } from "./listings";
import { makeOrganisation } from "./testing/fixtures";

const drivers = await testDrivers();

describe.each(drivers)("listings and the catalogue on %s", (driver) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
  });
  afterAll(async () => t?.close());

  async function sellingOrg(name: string) {
    const { org } = await makeOrganisation(t.db, name);
    await t.db.insert(connectedAccounts).values({ id: `acct_${org.id.slice(0, 8)}`, organisationId: org.id, type: "express", kind: "express", chargesEnabled: true, payoutsEnabled: true, detailsSubmitted: true, capabilities: { card_payments: "active", transfers: "active" } });
    return org;
  }

  it("publishing needs canSell: 409 seller_not_ready with the reasons, nothing written", async () => {
    const { org } = await makeOrganisation(t.db, "Not Ready");
    const input = { kind: "course" as const, title: "Knots", description: "Ten knots", amount: 1500, currency: "usd", published: true };
    await expect(createListing(t.db, org, input)).rejects.toMatchObject({ code: "seller_not_ready", status: 409, details: { reasons: [expect.objectContaining({ code: "not_onboarded" })] } });
    expect((await searchCatalogue(t.db, { seller: org.slug })).listings).toHaveLength(0);
    // A draft is fine; publishing it later is refused the same way.
    const draft = await createListing(t.db, org, { ...input, published: false });
    await expect(updateListing(t.db, draft.id, { published: true })).rejects.toMatchObject({ code: "seller_not_ready" });
    expect((await listingView(t.db, draft.id, { includeUnpublished: true }))?.published).toBe(false);
  });

  it("validates each kind: events need date, venue and capacity; services need slots", async () => {
    const org = await sellingOrg("Validating");
    await expect(createListing(t.db, org, { kind: "event_ticket", title: "Gala", description: "d", amount: 100 })).rejects.toThrow();
    await expect(createListing(t.db, org, { kind: "service", title: "Lesson", description: "d", amount: 100 })).rejects.toThrow();
    const svc = await createListing(t.db, org, {
      kind: "service",
      title: "Private lesson",
      description: "One hour",
      amount: 6000,
      published: true,
      slots: [
        { startsAt: "2030-01-01T10:00:00Z", endsAt: "2030-01-01T11:00:00Z" },
        { startsAt: "2030-01-01T11:00:00Z", endsAt: "2030-01-01T12:00:00Z" },
      ],
    });
    expect(svc).toMatchObject({ kind: "service", remaining: 2, capacity: null });
    expect(svc.slots.map((s) => s.available)).toEqual([true, true]);
  });

  it("searches by text and kind, pages by keyset, and shows a seller's storefront; unpublished listings disappear", async () => {
    const org = await sellingOrg("Catalogue Club");
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await createListing(t.db, org, { kind: i % 2 ? "course" : "event_ticket", title: `Regatta ${i} 100%_sure`, description: "Sailing", amount: 1000 + i, capacity: 10, startsAt: "2030-05-01T10:00:00Z", venue: "Pier", published: true }));
    const page1 = await searchCatalogue(t.db, { seller: org.slug, limit: 2 });
    expect(page1.listings.map((l) => l.title)).toEqual(["Regatta 4 100%_sure", "Regatta 3 100%_sure"]);
    const page2 = await searchCatalogue(t.db, { seller: org.slug, limit: 2, cursor: page1.nextCursor! });
    const page3 = await searchCatalogue(t.db, { seller: org.slug, limit: 2, cursor: page2.nextCursor! });
    expect([...page2.listings, ...page3.listings].map((l) => l.title)).toEqual(["Regatta 2 100%_sure", "Regatta 1 100%_sure", "Regatta 0 100%_sure"]);
    expect(page3.nextCursor).toBeNull();
    expect((await searchCatalogue(t.db, { seller: org.slug, kind: "course" })).listings).toHaveLength(2);
    expect((await searchCatalogue(t.db, { seller: org.slug, q: "regatta 3" })).listings).toHaveLength(1);
    // LIKE wildcards are searched literally.
    expect((await searchCatalogue(t.db, { seller: org.slug, q: "1_100" })).listings).toHaveLength(0);
    expect((await searchCatalogue(t.db, { seller: org.slug, q: "x%" })).listings).toHaveLength(0);
    const first = page1.listings[0];
    expect(first).toMatchObject({ remaining: 10, seller: { slug: org.slug, name: "Catalogue Club" } });
    await updateListing(t.db, made[4].id, { published: false });
    expect(await listingView(t.db, made[4].id)).toBeNull();
    expect((await searchCatalogue(t.db, { seller: org.slug })).listings).toHaveLength(4);
    await expect(searchCatalogue(t.db, { cursor: "garbage" })).rejects.toMatchObject({ code: "validation_failed", param: "cursor" });
  });
});
