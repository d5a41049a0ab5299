import "server-only";
import { count, eq } from "drizzle-orm";
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
