import "server-only";
import { and, asc, eq, isNull, lte, sql } from "drizzle-orm";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import { stripeEvents } from "@/db/schema";
import type { StripeReads, WebhookApp } from "./app";
import { dispatchEvent, eventContext } from "./dispatch";
import { decodeStoredEvent } from "./event";

export type ProcessOutcome = "handled" | "ignored" | "failed";

/** Retry delay after the n-th failed attempt: 5 s, 10 s, 20 s, … capped at one hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

interface ClaimedRow {
  id: string;
  payload: unknown;
  attempts: number;
}

type Claim = { id: string; outcome: ProcessOutcome } | { deferred: ClaimedRow; event: Stripe.Event; read: () => Promise<StripeReads> } | null;

/**
 * Claims one due event and processes it. The claim is a row lock taken with SKIP LOCKED, held for the whole
 * transaction, so several app instances (or workers) share the inbox without ever running one event twice.
 * The handler runs in a savepoint: on success its writes and `processed_at` commit together; on failure its
 * writes roll back and the failure (error, attempt count, next attempt time) is recorded instead.
 *
 * An event whose handling needs fresh objects from Stripe is released unprocessed, the objects are read with
 * no transaction open, and the event is then claimed again by id and processed with them: Stripe is never
 * called while a lock is held.
 */
export async function processNextEvent(db: Database, app: WebhookApp, opts: { eventId?: string } = {}): Promise<{ id: string; outcome: ProcessOutcome } | null> {
  const claim: Claim = await db.transaction(async (tx) => {
    const due = opts.eventId ? eq(stripeEvents.id, opts.eventId) : lte(stripeEvents.nextAttemptAt, sql`now()`);
    const row = await claimRow(tx, due);
    if (!row) return null;
    const event = decodeStoredEvent(row.payload);
    const read = readsOf(app, event);
    if (read) return { deferred: row, event, read };
    return runClaimed(tx, row, event, app, {});
  });
  if (!claim || !("deferred" in claim)) {
    if (claim?.outcome === "handled") await runAfterCommit(db, app, claim.id);
    return claim;
  }

  let reads: StripeReads;
  try {
    reads = await claim.read();
  } catch (e) {
    await db.transaction(async (tx) => {
      const row = await claimRow(tx, eq(stripeEvents.id, claim.deferred.id));
      if (row) await recordFailure(tx, row, e);
    });
    return { id: claim.deferred.id, outcome: "failed" };
  }
  const done = await db.transaction(async (tx) => {
    // Claimed again by id: another worker may have processed it meanwhile (then there is nothing to do).
    const row = await claimRow(tx, eq(stripeEvents.id, claim.deferred.id));
    if (!row) return { id: claim.deferred.id, outcome: "handled" as const };
    return runClaimed(tx, row, claim.event, app, reads);
  });
  if (done.outcome === "handled") await runAfterCommit(db, app, done.id, claim.event);
  return done;
}

/** The app's after-commit work for a processed event (no transaction open); never fails the event. */
async function runAfterCommit(db: Database, app: WebhookApp, eventId: string, known?: Stripe.Event): Promise<void> {
  try {
    let event = known;
    if (!event) {
      const [row] = await db.select({ payload: stripeEvents.payload }).from(stripeEvents).where(eq(stripeEvents.id, eventId));
      if (!row) return;
      event = decodeStoredEvent(row.payload);
    }
    await app.afterCommit(db, event);
  } catch (e) {
    console.warn("[plaza] after-commit work of", eventId, "failed:", describeFailure(e));
  }
}

/** A payload the app cannot even inspect is left to the handler, whose failure is then recorded. */
function readsOf(app: WebhookApp, event: Stripe.Event): (() => Promise<StripeReads>) | null {
  try {
    return app.readsFor(event);
  } catch {
    return null;
  }
}

async function claimRow(tx: Database, due: ReturnType<typeof eq>): Promise<ClaimedRow | undefined> {
  const [row] = await tx
    .select({ id: stripeEvents.id, payload: stripeEvents.payload, attempts: stripeEvents.attempts })
    .from(stripeEvents)
    .where(and(isNull(stripeEvents.processedAt), due))
    .orderBy(asc(stripeEvents.nextAttemptAt), asc(stripeEvents.receivedAt))
    .limit(1)
    .for("update", { skipLocked: true });
  return row;
}

async function runClaimed(tx: Database, row: ClaimedRow, event: Stripe.Event, app: WebhookApp, reads: StripeReads): Promise<{ id: string; outcome: ProcessOutcome }> {
  try {
    const outcome = await tx.transaction((savepoint) => dispatchEvent(savepoint, event, app, eventContext(event, reads)));
    await tx.update(stripeEvents).set({ processedAt: sql`now()`, attempts: row.attempts + 1, lastError: null }).where(eq(stripeEvents.id, row.id));
    return { id: row.id, outcome };
  } catch (e) {
    await recordFailure(tx, row, e);
    return { id: row.id, outcome: "failed" };
  }
}

async function recordFailure(tx: Database, row: ClaimedRow, e: unknown): Promise<void> {
  const attempts = row.attempts + 1;
  await tx
    .update(stripeEvents)
    .set({ attempts, lastError: describeFailure(e).slice(0, 2000), nextAttemptAt: new Date(Date.now() + retryDelayMs(attempts)) })
    .where(eq(stripeEvents.id, row.id));
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
export async function processPendingEvents(db: Database, app: WebhookApp, max = 500): Promise<number> {
  let n = 0;
  while (n < max && (await processNextEvent(db, app))) n++;
  return n;
}

/** Reprocesses one event now, even if it was processed before (handlers are idempotent and forward-only). */
export async function replayEvent(db: Database, app: WebhookApp, eventId: string): Promise<ProcessOutcome | "not_found"> {
  const reset = await db
    .update(stripeEvents)
    .set({ processedAt: null, nextAttemptAt: sql`now()` })
    .where(eq(stripeEvents.id, eventId))
    .returning({ id: stripeEvents.id });
  if (reset.length === 0) return "not_found";
  const result = await processNextEvent(db, app, { eventId });
  // Another instance may have claimed it first; it is then processed there.
  return result?.outcome ?? "handled";
}
