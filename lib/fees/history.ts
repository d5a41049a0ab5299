import "server-only";
import { desc, eq, isNotNull, isNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { feeSchedules, organisations, users } from "@/db/schema";

/** Every organisation's fee overrides (changes and ends), newest first, with who recorded them. */
export function overrideHistory(db: Database, limit = 200) {
  return db
    .select({ row: feeSchedules, orgSlug: organisations.slug, orgName: organisations.name, by: users.email })
    .from(feeSchedules)
    .innerJoin(organisations, eq(organisations.id, feeSchedules.organisationId))
    .leftJoin(users, eq(users.id, feeSchedules.createdBy))
    .where(isNotNull(feeSchedules.organisationId))
    .orderBy(desc(feeSchedules.effectiveFrom), desc(feeSchedules.createdAt))
    .limit(limit);
}

/** The platform default's changes, newest first, with who recorded them. */
export function platformHistory(db: Database, limit = 200) {
  return db
    .select({ row: feeSchedules, by: users.email })
    .from(feeSchedules)
    .leftJoin(users, eq(users.id, feeSchedules.createdBy))
    .where(isNull(feeSchedules.organisationId))
    .orderBy(desc(feeSchedules.effectiveFrom), desc(feeSchedules.createdAt))
    .limit(limit);
}
