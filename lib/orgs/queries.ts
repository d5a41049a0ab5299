import "server-only";
import { and, count, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { memberships, organisations, users } from "@/db/schema";

/** Read-only lookups for the organisation and admin pages. */

export function listOrganisationPeople(db: Database, organisationId: string) {
  return db
    .select({ id: users.id, name: users.name, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organisationId, organisationId))
    .orderBy(memberships.role, users.email);
}

export function listOrganisationsWithMemberCounts(db: Database) {
  return db
    .select({ id: organisations.id, slug: organisations.slug, name: organisations.name, kind: organisations.kind, members: count(memberships.userId) })
    .from(organisations)
    .leftJoin(memberships, eq(memberships.organisationId, organisations.id))
    .groupBy(organisations.id)
    .orderBy(organisations.name);
}

export async function countUsers(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

/** The first owner of an organisation (for work done on its behalf, such as the demo setup). */
export async function firstOwnerOf(db: Database, organisationId: string): Promise<string | null> {
  const [row] = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.role, "owner")))
    .orderBy(memberships.createdAt)
    .limit(1);
  return row?.userId ?? null;
}
