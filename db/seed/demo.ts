import "server-only";
import { count, eq, isNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { feeSchedules, listings, listingSlots, memberships, organisations, users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { seedDemoSales } from "./sales";
import { seedSettlementHistory } from "./settlements";

export const DEMO_PASSWORD = "plaza-demo";

export const DEMO_USERS = [
  { email: "admin@plaza.test", name: "Pat Admin", role: "Platform admin", isPlatformAdmin: true },
  { email: "club@plaza.test", name: "Harbour Bridge Club (owner)", role: "Owner of Harbour Bridge Club", isPlatformAdmin: false },
  { email: "coach@plaza.test", name: "Ada Coach", role: "Instructor, owner of Ada's Coaching", isPlatformAdmin: false },
  { email: "member@plaza.test", name: "Morgan Member", role: "Member", isPlatformAdmin: false },
  { email: "member2@plaza.test", name: "Riley Member", role: "Member", isPlatformAdmin: false },
  { email: "runner@plaza.test", name: "Sam Runner", role: "Owner of Riverside Runners (Stripe setup unfinished)", isPlatformAdmin: false },
] as const;

/** A disabled demo account for /admin/users: it cannot sign in (not listed on the sign-in page). */
export const DEMO_DISABLED_USER = { email: "former@plaza.test", name: "Jo Former", reason: "Left the club; account closed at their request." } as const;

export const DEMO_ORGANISATIONS = [
  { slug: "harbour-bridge-club", name: "Harbour Bridge Club", kind: "club", owner: "club@plaza.test", members: ["member@plaza.test", "member2@plaza.test"] },
  { slug: "adas-coaching", name: "Ada's Coaching", kind: "instructor", owner: "coach@plaza.test", members: [] },
  { slug: "riverside-runners", name: "Riverside Runners", kind: "organiser", owner: "runner@plaza.test", members: ["member@plaza.test"] },
] as const;

export async function isDatabaseEmpty(db: Database): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users);
  return row.n === 0;
}

/** Creates the demo users and organisations; rows that already exist are left as they are. */
export async function seedDemoData(db: Database): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    await tx
      .insert(users)
      .values(DEMO_USERS.map((u) => ({ email: u.email, name: u.name, passwordHash, isPlatformAdmin: u.isPlatformAdmin })))
      .onConflictDoNothing({ target: users.email });
    await tx
      .insert(users)
      .values({ email: DEMO_DISABLED_USER.email, name: DEMO_DISABLED_USER.name, passwordHash, disabledAt: new Date(), disabledReason: DEMO_DISABLED_USER.reason })
      .onConflictDoNothing({ target: users.email });
    await tx
      .insert(organisations)
      .values(DEMO_ORGANISATIONS.map((o) => ({ slug: o.slug, name: o.name, kind: o.kind })))
      .onConflictDoNothing({ target: organisations.slug });
    const userIds = new Map((await tx.select({ id: users.id, email: users.email }).from(users)).map((u) => [u.email, u.id]));
    const orgIds = new Map((await tx.select({ id: organisations.id, slug: organisations.slug }).from(organisations)).map((o) => [o.slug, o.id]));
    const rows = DEMO_ORGANISATIONS.flatMap((o) => [
      { organisationId: orgIds.get(o.slug), userId: userIds.get(o.owner), role: "owner" as const },
      ...o.members.map((m) => ({ organisationId: orgIds.get(o.slug), userId: userIds.get(m), role: "member" as const })),
    ]).filter((r): r is { organisationId: string; userId: string; role: "owner" | "member" } => Boolean(r.organisationId && r.userId));
    await tx.insert(memberships).values(rows).onConflictDoNothing();
  });
  await seedDemoListings(db);
  await seedDemoSales(db);
  await seedSettlementHistory(db);
}

const DAY = 86_400_000;

/**
 * The fee schedule (a platform default with one earlier change, and an override for Ada's Coaching) and
 * published listings of each kind from the demo sellers, so a newcomer can buy at once. Runs once: an
 * organisation that already has listings is left alone.
 */
export async function seedDemoListings(db: Database, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    const [anyFee] = await tx.select({ id: feeSchedules.id }).from(feeSchedules).where(isNull(feeSchedules.organisationId)).limit(1);
    const orgIds = new Map((await tx.select({ id: organisations.id, slug: organisations.slug }).from(organisations)).map((o) => [o.slug, o.id]));
    if (!anyFee) {
      await tx.insert(feeSchedules).values([
        { organisationId: null, percentBps: 400, fixed: 30, min: 50, max: null, settlementPercentBps: 100, effectiveFrom: new Date("2025-01-01T00:00:00Z"), note: "Launch pricing" },
        { organisationId: null, percentBps: 500, fixed: 30, min: 50, max: 5000, settlementPercentBps: 150, effectiveFrom: new Date("2026-01-01T00:00:00Z"), note: "2026 pricing" },
      ]);
      const ada = orgIds.get("adas-coaching");
      if (ada) await tx.insert(feeSchedules).values({ organisationId: ada, percentBps: 300, fixed: 20, min: 50, max: null, settlementPercentBps: 100, effectiveFrom: new Date("2026-06-01T00:00:00Z"), note: "Instructor rate" });
    }
    const seed = async (slug: string, make: (orgId: string) => Promise<void>) => {
      const orgId = orgIds.get(slug);
      if (!orgId) return;
      const [existing] = await tx.select({ n: count() }).from(listings).where(eq(listings.organisationId, orgId));
      if (existing.n === 0) await make(orgId);
    };
    await seed("harbour-bridge-club", async (orgId) => {
      const base = { organisationId: orgId, currency: "usd", published: true };
      await tx.insert(listings).values([
        { ...base, kind: "course", title: "Bridge for beginners", description: "Six short lessons: bidding, play and defence, with practice hands.", content: "Lesson 1 — Counting points.\nAn ace is 4, a king 3, a queen 2, a jack 1. Open the bidding with 12 or more.\n\nLesson 2 — Opening bids…", amount: 2500, createdAt: new Date(now.getTime() - 3000) },
        { ...base, kind: "event_ticket", title: "Harbour Regatta 2027", description: "A day of racing on the harbour, with lunch at the club house.", amount: 4000, capacity: 50, startsAt: new Date(now.getTime() + 30 * DAY), venue: "Pier 3, Harbour Bridge Club", createdAt: new Date(now.getTime() - 2000) },
        { ...base, kind: "event_ticket", title: "Championship dinner", description: "The annual dinner with the prize giving. Very few seats.", amount: 6500, capacity: 2, startsAt: new Date(now.getTime() + 45 * DAY), venue: "Club house", createdAt: new Date(now.getTime() - 1000) },
      ]);
    });
    await seed("adas-coaching", async (orgId) => {
      const base = { organisationId: orgId, currency: "usd", published: true };
      await tx.insert(listings).values({ ...base, kind: "course", title: "Python in a weekend", description: "From first line to a small web app, with exercises.", content: "Part 1 — Setting up.\nInstall Python, open a terminal, type python3.\n\nPart 2 — Values and names…", amount: 6000, createdAt: new Date(now.getTime() - 1500) });
      const [svc] = await tx
        .insert(listings)
        .values({ ...base, kind: "service", title: "One-to-one coaching", description: "An hour with Ada on your own code. Your card is authorised when you book and charged when Ada confirms.", amount: 8000, createdAt: new Date(now.getTime() - 500) })
        .returning({ id: listings.id });
      const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 2, 9));
      await tx.insert(listingSlots).values(
        Array.from({ length: 6 }, (_, i) => ({ listingId: svc.id, startsAt: new Date(day.getTime() + Math.floor(i / 3) * DAY + (i % 3) * 2 * 3_600_000), endsAt: new Date(day.getTime() + Math.floor(i / 3) * DAY + ((i % 3) * 2 + 1) * 3_600_000) })),
      );
    });
  });
}
