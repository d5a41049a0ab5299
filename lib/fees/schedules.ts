import "server-only";
import { and, desc, eq, isNull, lte, or } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { feeSchedules } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { computeCardFee, type CardFeeRule, type FeeComputation } from "./compute";

export type FeeScheduleRow = typeof feeSchedules.$inferSelect;

/** Used only when no platform default was ever recorded (a fresh database before its seed). */
export const BUILT_IN_SCHEDULE: CardFeeRule & { settlementPercentBps: number } = { percentBps: 500, fixed: 30, min: 50, max: null, settlementPercentBps: 100 };

const minor = z.number().int("must be a whole number of minor units").min(0, "must not be negative").max(Number.MAX_SAFE_INTEGER);
const bps = z.number().int("must be whole basis points (1% = 100)").min(0).max(10_000, "must be at most 10000 (100%)");

/** The input of a fee change (the admin API's body, later): one contract for route and form. */
export const feeScheduleRequest = z
  .object({
    percentBps: bps,
    fixed: minor,
    min: minor.nullable().default(null),
    max: minor.nullable().default(null),
    settlementPercentBps: bps,
    effectiveFrom: z.coerce.date({ error: "effectiveFrom must be an ISO 8601 date" }),
    note: z.string().trim().max(500).optional(),
  })
  .refine((v) => v.max === null || v.min === null || v.max >= v.min, { message: "max must not be below min", path: ["max"] });

export type FeeScheduleRequest = z.infer<typeof feeScheduleRequest>;

/** Records a change of the platform default (organisationId null) or of an organisation's override. Never edits. */
export async function recordFeeSchedule(db: Database, organisationId: string | null, input: FeeScheduleRequest, createdBy: string | null = null): Promise<FeeScheduleRow> {
  const v = feeScheduleRequest.parse(input);
  const [row] = await db
    .insert(feeSchedules)
    .values({ organisationId, percentBps: v.percentBps, fixed: v.fixed, min: v.min, max: v.max, settlementPercentBps: v.settlementPercentBps, effectiveFrom: v.effectiveFrom, createdBy, note: v.note ?? null })
    .returning();
  return row;
}

/** Ends an organisation's override from `effectiveFrom` on: the platform default applies again. */
export async function endFeeOverride(db: Database, organisationId: string, effectiveFrom: Date, createdBy: string | null = null): Promise<FeeScheduleRow> {
  const current = await latestRow(db, organisationId, effectiveFrom);
  if (!current || current.endsOverride) throw new AppError("conflict", "This organisation has no fee override in force at that date.");
  const [row] = await db
    .insert(feeSchedules)
    .values({ organisationId, percentBps: current.percentBps, fixed: current.fixed, min: current.min, max: current.max, settlementPercentBps: current.settlementPercentBps, endsOverride: true, effectiveFrom, createdBy })
    .returning();
  return row;
}

async function latestRow(db: Database, organisationId: string | null, at: Date): Promise<FeeScheduleRow | null> {
  const [row] = await db
    .select()
    .from(feeSchedules)
    .where(and(organisationId ? eq(feeSchedules.organisationId, organisationId) : isNull(feeSchedules.organisationId), lte(feeSchedules.effectiveFrom, at)))
    .orderBy(desc(feeSchedules.effectiveFrom), desc(feeSchedules.createdAt))
    .limit(1);
  return row ?? null;
}

export interface ScheduleInForce {
  scheduleId: string | null;
  source: FeeComputation["source"];
  effectiveFrom: Date | null;
  rule: CardFeeRule;
  settlementPercentBps: number;
}

/**
 * The latest fee row at `at` of the platform (organisationId null) and of each organisation, in one read: of
 * one organisation and the platform when `organisationId` is given, else of every organisation.
 */
function latestRowsAt(db: Database, at: Date, organisationId?: string): Promise<FeeScheduleRow[]> {
  const whose = organisationId === undefined ? undefined : or(eq(feeSchedules.organisationId, organisationId), isNull(feeSchedules.organisationId));
  return db
    .selectDistinctOn([feeSchedules.organisationId])
    .from(feeSchedules)
    .where(and(whose, lte(feeSchedules.effectiveFrom, at)))
    .orderBy(feeSchedules.organisationId, desc(feeSchedules.effectiveFrom), desc(feeSchedules.createdAt));
}

/** The rule shared by both readers: an organisation's override wins unless it ends the override, then the platform's row. */
function rowInForce(override: FeeScheduleRow | undefined, platform: FeeScheduleRow | null): FeeScheduleRow | null {
  return override && !override.endsOverride ? override : platform;
}

/** The schedule in force for an organisation at `at`: its override if one is in force, else the platform default. */
export async function scheduleInForce(db: Database, organisationId: string, at: Date = new Date()): Promise<ScheduleInForce> {
  // One read for both rows: every checkout prices its fee here.
  const latest = await latestRowsAt(db, at, organisationId);
  const row = rowInForce(
    latest.find((r) => r.organisationId === organisationId),
    latest.find((r) => r.organisationId === null) ?? null,
  );
  if (!row) {
    const { settlementPercentBps, ...rule } = BUILT_IN_SCHEDULE;
    return { scheduleId: null, source: "built_in", effectiveFrom: null, rule, settlementPercentBps };
  }
  return {
    scheduleId: row.id,
    source: row.organisationId ? "organisation" : "platform",
    effectiveFrom: row.effectiveFrom,
    rule: { percentBps: row.percentBps, fixed: row.fixed, min: row.min, max: row.max },
    settlementPercentBps: row.settlementPercentBps,
  };
}

/** The card-sale fee for an organisation's charge of `amount` at `at`, with how it was computed. */
export async function cardSaleFee(db: Database, organisationId: string, amount: number, at: Date = new Date()): Promise<FeeComputation> {
  const s = await scheduleInForce(db, organisationId, at);
  return computeCardFee(amount, s.rule, { scheduleId: s.scheduleId, source: s.source, effectiveFrom: s.effectiveFrom?.toISOString() ?? null });
}

/** Every fee change for the platform (organisationId null) or one organisation, newest first. */
export function feeHistory(db: Database, organisationId: string | null): Promise<FeeScheduleRow[]> {
  return db
    .select()
    .from(feeSchedules)
    .where(organisationId ? eq(feeSchedules.organisationId, organisationId) : isNull(feeSchedules.organisationId))
    .orderBy(desc(feeSchedules.effectiveFrom), desc(feeSchedules.createdAt));
}

/**
 * The settlement percent in force at `at` for many organisations at once (a settlement of thousands): one
 * query for the platform default and every organisation's latest row, read by scheduleInForce's rule.
 */
export async function settlementPercentsInForce(db: Database, at: Date): Promise<{ platform: { scheduleId: string | null; bps: number }; of(organisationId: string): { scheduleId: string | null; bps: number } }> {
  const latest = await latestRowsAt(db, at);
  const platformRow = latest.find((r) => r.organisationId === null) ?? null;
  const platform = platformRow ? { scheduleId: platformRow.id, bps: platformRow.settlementPercentBps } : { scheduleId: null, bps: BUILT_IN_SCHEDULE.settlementPercentBps };
  const byOrg = new Map(latest.flatMap((r) => (r.organisationId ? [[r.organisationId, r] as const] : [])));
  return {
    platform,
    of: (organisationId) => {
      const override = rowInForce(byOrg.get(organisationId), null);
      return override ? { scheduleId: override.id, bps: override.settlementPercentBps } : platform;
    },
  };
}
