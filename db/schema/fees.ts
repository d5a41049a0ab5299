import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { organisations } from "./organisations";

/**
 * Fee schedules with their whole history: the platform default (organisation_id null) and per-organisation
 * overrides. A change is a new row with its effective date; rows are never edited or deleted. An override is
 * ended by a row with `ends_override` from its effective date on (the platform default applies again).
 */
export const feeSchedules = pgTable(
  "fee_schedules",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    organisationId: text("organisation_id").references(() => organisations.id),
    /** Card-sale fee: percent in basis points, fixed part, minimum and maximum (minor units). */
    percentBps: integer("percent_bps").notNull(),
    fixed: bigint("fixed", { mode: "number" }).notNull(),
    min: bigint("min", { mode: "number" }),
    max: bigint("max", { mode: "number" }),
    /** Fee on money the platform holds for the organisation when it is settled. */
    settlementPercentBps: integer("settlement_percent_bps").notNull(),
    endsOverride: boolean("ends_override").notNull().default(false),
    effectiveFrom: timestamp("effective_from", { withTimezone: true }).notNull(),
    createdBy: text("created_by").references(() => users.id),
    note: text("note"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("fee_schedules_lookup_idx").on(t.organisationId, t.effectiveFrom),
    check("fee_schedules_percent_check", sql`${t.percentBps} between 0 and 10000 and ${t.settlementPercentBps} between 0 and 10000`),
    check("fee_schedules_amounts_check", sql`${t.fixed} >= 0 and coalesce(${t.min}, 0) >= 0 and (${t.max} is null or ${t.max} >= coalesce(${t.min}, 0))`),
    check("fee_schedules_end_check", sql`not ${t.endsOverride} or ${t.organisationId} is not null`),
  ],
);
