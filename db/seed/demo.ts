import "server-only";
import { count } from "drizzle-orm";
import type { Database } from "@/db/client";
import { memberships, organisations, users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";

export const DEMO_PASSWORD = "plaza-demo";

export const DEMO_USERS = [
  { email: "admin@plaza.test", name: "Pat Admin", role: "Platform admin", isPlatformAdmin: true },
  { email: "club@plaza.test", name: "Harbour Bridge Club (owner)", role: "Owner of Harbour Bridge Club", isPlatformAdmin: false },
  { email: "coach@plaza.test", name: "Ada Coach", role: "Instructor, owner of Ada's Coaching", isPlatformAdmin: false },
  { email: "member@plaza.test", name: "Morgan Member", role: "Member", isPlatformAdmin: false },
  { email: "member2@plaza.test", name: "Riley Member", role: "Member", isPlatformAdmin: false },
  { email: "runner@plaza.test", name: "Sam Runner", role: "Owner of Riverside Runners (Stripe setup unfinished)", isPlatformAdmin: false },
] as const;

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
}
