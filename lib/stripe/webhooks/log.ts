import "server-only";
import { and, desc, eq, isNotNull, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { stripeEvents } from "@/db/schema";
import { textProblem } from "@/lib/validation/text";

export type EventLogFilter = "all" | "failed" | "pending" | "processed";

export interface EventLogQuery {
  filter?: EventLogFilter;
  /** An event id, event type, or the id of the object the event is about (cs_…, pi_…, acct_…). */
  search?: string;
  /** Keyset cursor: the received_at|id of the last row of the previous page. */
  before?: string;
  limit?: number;
}

/** The admin webhook log, newest first, keyset-paginated (no OFFSET). */
export async function listEventLog(db: Database, q: EventLogQuery) {
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
  const where: SQL[] = [];
  if (q.filter === "failed") where.push(and(isNull(stripeEvents.processedAt), sql`${stripeEvents.attempts} > 0`) as SQL);
  if (q.filter === "pending") where.push(isNull(stripeEvents.processedAt));
  if (q.filter === "processed") where.push(isNotNull(stripeEvents.processedAt));
  // From the query string: possibly repeated (an array at run time), possibly holding a NUL Postgres refuses.
  const s = typeof q.search === "string" ? q.search.trim() : undefined;
  if (s && s.length <= 200 && !textProblem(s)) where.push(or(eq(stripeEvents.id, s), eq(stripeEvents.type, s), sql`${stripeEvents.payload}->'data'->'object'->>'id' = ${s}`) as SQL);
  if (typeof q.before === "string" && q.before.length <= 200 && !textProblem(q.before)) {
    const [at, id] = q.before.split("|");
    const when = new Date(at);
    const storable = !Number.isNaN(when.getTime()) && when.getUTCFullYear() >= 1970 && when.getUTCFullYear() <= 9999;
    if (storable && id) where.push(or(lt(stripeEvents.receivedAt, when), and(eq(stripeEvents.receivedAt, when), lt(stripeEvents.id, id))) as SQL);
  }
  const rows = await db
    .select({
      id: stripeEvents.id,
      type: stripeEvents.type,
      account: stripeEvents.account,
      receivedAt: stripeEvents.receivedAt,
      processedAt: stripeEvents.processedAt,
      attempts: stripeEvents.attempts,
      lastError: stripeEvents.lastError,
      nextAttemptAt: stripeEvents.nextAttemptAt,
      objectId: sql<string | null>`${stripeEvents.payload}->'data'->'object'->>'id'`,
    })
    .from(stripeEvents)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(stripeEvents.receivedAt), desc(stripeEvents.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last ? `${last.receivedAt.toISOString()}|${last.id}` : null };
}
