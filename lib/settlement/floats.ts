import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { organisationSettlementSettings } from "@/db/schema";

/** The organisation's minimum float: one contract for the payments page's form and any route. */
export const minimumFloatRequest = z.object({
  minimumFloat: z.number().int("must be a whole number of minor units").min(0, "must not be negative").max(Number.MAX_SAFE_INTEGER),
});

/** What stays in the organisation's balance after a settlement; 0 when it never set one. */
export async function minimumFloat(db: Database, organisationId: string): Promise<number> {
  const [row] = await db.select({ f: organisationSettlementSettings.minimumFloat }).from(organisationSettlementSettings).where(eq(organisationSettlementSettings.organisationId, organisationId));
  return row?.f ?? 0;
}

/** Sets the organisation's minimum float (its owner or admin; checked by the caller). */
export async function setMinimumFloat(db: Database, organisationId: string, amount: number, updatedBy: string | null): Promise<void> {
  const { minimumFloat: value } = minimumFloatRequest.parse({ minimumFloat: amount });
  await db
    .insert(organisationSettlementSettings)
    .values({ organisationId, minimumFloat: value, updatedBy, updatedAt: new Date() })
    .onConflictDoUpdate({ target: organisationSettlementSettings.organisationId, set: { minimumFloat: value, updatedBy, updatedAt: new Date() } });
}
