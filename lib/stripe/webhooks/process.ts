import "server-only";
import { and, asc, eq, isNull, lte, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { stripeEvents } from "@/db/schema";
import { dispatchEvent } from "./dispatch";
import { decodeStoredEvent } from "./event";

export type ProcessOutcome = "handled" | "ignored" | "failed";

/** Retry delay after the n-th failed attempt: 5 s, 10 s, 20 s, … capped at one hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/**
 * Claims one due event and processes it. The claim is a row lock taken with SKIP LOCKED, held for the whole
 * transaction, so several app instances (or workers) share the inbox without ever running one event twice.
 * The handler runs in a savepoint: on success its writes and `processed_at` commit together; on failure its
 * writes roll back and the failure (error, attempt count, next attempt time) is recorded instead.
 */
export async function processNextEvent(db: Database, opts: { eventId?: string } = {}): Promise<{ id: string; outcome: ProcessOutcome } | null> {
  return db.transaction(async (tx) => {
    const due = opts.eventId ? eq(stripeEvents.id, opts.eventId) : lte(stripeEvents.nextAttemptAt, sql`now()`);
    const [row] = await tx
      .select({ id: stripeEvents.id, payload: stripeEvents.payload, attempts: stripeEvents.attempts })
      .from(stripeEvents)
      .where(and(isNull(stripeEvents.processedAt), due))
      .orderBy(asc(stripeEvents.nextAttemptAt), asc(stripeEvents.receivedAt))
      .limit(1)
      .for("update", { skipLocked: true });
    if (!row) return null;
    const attempts = row.attempts + 1;
    try {
      const outcome = await tx.transaction((savepoint) => dispatchEvent(savepoint, decodeStoredEvent(row.payload)));
      await tx.update(stripeEvents).set({ processedAt: sql`now()`, attempts, lastError: null }).where(eq(stripeEvents.id, row.id));
      return { id: row.id, outcome };
    } catch (e) {
      const message = describeFailure(e);
      await tx
        .update(stripeEvents)
        .set({ attempts, lastError: message.slice(0, 2000), nextAttemptAt: new Date(Date.now() + retryDelayMs(attempts)) })
        .where(eq(stripeEvents.id, row.id));
      return { id: row.id, outcome: "failed" as const };
    }
  });
}

/**
 * The root cause of a handler failure, for `last_error`: Drizzle wraps driver errors in "Failed query: <sql>
 * params: …", which is long and may carry personal data, so the innermost cause is kept instead.
 */
function describeFailure(e: unknown): string {
  let cause = e;
  while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause;
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
}

/** Processes due events until none is left (or `max` is reached); returns how many were attempted. */
export async function processPendingEvents(db: Database, max = 500): Promise<number> {
  let n = 0;
  while (n < max && (await processNextEvent(db))) n++;
  return n;
}

/** Reprocesses one event now, even if it was processed before (handlers are idempotent and forward-only). */
export async function replayEvent(db: Database, eventId: string): Promise<ProcessOutcome | "not_found"> {
  const reset = await db
    .update(stripeEvents)
    .set({ processedAt: null, nextAttemptAt: sql`now()` })
    .where(eq(stripeEvents.id, eventId))
    .returning({ id: stripeEvents.id });
  if (reset.length === 0) return "not_found";
  const result = await processNextEvent(db, { eventId });
  // Another instance may have claimed it first; it is then processed there.
  return result?.outcome ?? "handled";
}
