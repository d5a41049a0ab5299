import "server-only";
import { and, asc, eq, inArray, isNull, lte, sql } from "drizzle-orm";
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

interface Deferred {
  deferred: ClaimedRow;
  event: Stripe.Event;
  read: () => Promise<StripeReads>;
}

type Claim = { id: string; outcome: ProcessOutcome } | Deferred | null;

/**
 * Claims one due event and processes it. The claim is a row lock taken with SKIP LOCKED, held for the whole
 * transaction, so several app instances (or workers) share the inbox without ever running one event twice.
 * The handler runs in a savepoint: on success its writes and `processed_at` commit together; on failure its
 * writes roll back and the failure (error, attempt count, next attempt time) is recorded instead.
 *
 * An event whose handling needs fresh objects from Stripe is released unprocessed, the objects are read with
 * no transaction open, and the event is then claimed again by id and processed with them: Stripe is never
 * called while a lock is held. (The worker uses processEventBatch; this one-event path serves replays, tests
 * and the benchmark's per-event baseline.)
 */
export async function processNextEvent(db: Database, app: WebhookApp, opts: { eventId?: string } = {}): Promise<{ id: string; outcome: ProcessOutcome } | null> {
  const claim: Claim = await db.transaction(async (tx) => {
    const due = opts.eventId ? eq(stripeEvents.id, opts.eventId) : lte(stripeEvents.nextAttemptAt, sql`now()`);
    const [row] = await claimRows(tx, due, 1);
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
  return processDeferred(db, app, claim);
}

/** The second half of an event that needs Stripe reads: read with no transaction open, then claim it again by id. */
async function processDeferred(db: Database, app: WebhookApp, claim: Deferred): Promise<{ id: string; outcome: ProcessOutcome }> {
  let reads: StripeReads;
  try {
    reads = await claim.read();
  } catch (e) {
    await db.transaction(async (tx) => {
      const [row] = await claimRows(tx, eq(stripeEvents.id, claim.deferred.id), 1);
      if (row) await recordFailure(tx, row, e);
    });
    return { id: claim.deferred.id, outcome: "failed" };
  }
  const done = await db.transaction(async (tx) => {
    // Claimed again by id: another worker may have processed it meanwhile (then there is nothing to do).
    const [row] = await claimRows(tx, eq(stripeEvents.id, claim.deferred.id), 1);
    if (!row) return { id: claim.deferred.id, outcome: "handled" as const };
    return runClaimed(tx, row, claim.event, app, reads);
  });
  if (done.outcome === "handled") await runAfterCommit(db, app, done.id, claim.event);
  return done;
}

/** Events claimed per batch transaction: enough to spread BEGIN, the claim, the processed mark and the commit's WAL flush thin. */
export const EVENT_BATCH_SIZE = 50;

export interface BatchResult {
  /** Events claimed (processed, ignored, failed, or deferred for Stripe reads and then processed). */
  attempted: number;
  outcomes: { id: string; outcome: ProcessOutcome }[];
}

/**
 * Claims up to `size` due events in ONE transaction (one SKIP LOCKED query) and processes them in it, each in
 * its own savepoint: an event whose handler fails is rolled back alone and recorded failed with its retry
 * time, and the others commit. The processed mark is one UPDATE for the whole batch, and the batch pays one
 * BEGIN and one COMMIT (one WAL flush) instead of one per event. Exactly-once is unchanged: the claim is the
 * row lock, held to the commit, and processed_at commits with the handler's writes.
 *
 * Events that need Stripe reads are released by the batch (never read while its locks are held) and then
 * processed one by one with the deferred path of processNextEvent, after the batch committed. After-commit work
 * runs per handled event, with no transaction open. Returns null when nothing was due.
 */
export async function processEventBatch(db: Database, app: WebhookApp, size = EVENT_BATCH_SIZE): Promise<BatchResult | null> {
  const batch = await db.transaction(async (tx) => {
    const rows = await claimRows(tx, lte(stripeEvents.nextAttemptAt, sql`now()`), size);
    if (rows.length === 0) return null;
    const outcomes: { id: string; outcome: ProcessOutcome; event?: Stripe.Event }[] = [];
    const deferred: Deferred[] = [];
    const processed: string[] = [];
    for (const row of rows) {
      let event: Stripe.Event;
      try {
        event = decodeStoredEvent(row.payload);
      } catch (e) {
        await recordFailure(tx, row, e);
        outcomes.push({ id: row.id, outcome: "failed" });
        continue;
      }
      const read = readsOf(app, event);
      if (read) {
        deferred.push({ deferred: row, event, read });
        continue;
      }
      try {
        const outcome = await tx.transaction((savepoint) => dispatchEvent(savepoint, event, app, eventContext(event, {})));
        processed.push(row.id);
        outcomes.push({ id: row.id, outcome, event });
      } catch (e) {
        await recordFailure(tx, row, e);
        outcomes.push({ id: row.id, outcome: "failed", event });
      }
    }
    if (processed.length > 0) {
      await tx
        .update(stripeEvents)
        .set({ processedAt: sql`now()`, attempts: sql`${stripeEvents.attempts} + 1`, lastError: null })
        .where(inArray(stripeEvents.id, processed));
    }
    return { attempted: rows.length, outcomes, deferred };
  });
  if (!batch) return null;
  // Started together: the app may share work between them (one scan for refunds serves the whole batch).
  await Promise.all(batch.outcomes.filter((o) => o.outcome === "handled").map((o) => runAfterCommit(db, app, o.id, o.event)));
  const outcomes = batch.outcomes.map(({ id, outcome }) => ({ id, outcome }));
  for (const d of batch.deferred) outcomes.push(await processDeferred(db, app, d));
  return { attempted: batch.attempted, outcomes };
}

/** Processes due events in batches until none is left (or about `max` were attempted); returns how many were attempted. */
export async function processEventBatches(db: Database, app: WebhookApp, max = 500, size = EVENT_BATCH_SIZE): Promise<number> {
  let n = 0;
  while (n < max) {
    const batch = await processEventBatch(db, app, Math.min(size, max - n));
    if (!batch) break;
    n += batch.attempted;
  }
  return n;
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

async function claimRows(tx: Database, due: ReturnType<typeof eq>, limit: number): Promise<ClaimedRow[]> {
  return tx
    .select({ id: stripeEvents.id, payload: stripeEvents.payload, attempts: stripeEvents.attempts })
    .from(stripeEvents)
    .where(and(isNull(stripeEvents.processedAt), due))
    .orderBy(asc(stripeEvents.nextAttemptAt), asc(stripeEvents.receivedAt))
    .limit(limit)
    .for("update", { skipLocked: true });
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

/** Processes due events until none is left (or about `max` were attempted), in batches; returns how many were attempted. */
export async function processPendingEvents(db: Database, app: WebhookApp, max = 500): Promise<number> {
  return processEventBatches(db, app, max);
}

/** The path before batching, one transaction per event: kept as the benchmark's baseline. */
export async function processPendingEventsOneByOne(db: Database, app: WebhookApp, max = 500): Promise<number> {
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
