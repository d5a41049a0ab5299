import "server-only";
import type { Database } from "@/db/client";
import { releaseLapsingAuthorisations } from "./bookings";
import { settleDisputeTransfers } from "./disputes";
import { makePendingRefunds, unwindDashboardRefunds } from "./refunds";

/**
 * The after-sale work the worker runs on a timer (no transaction open): refunds still to make at Stripe
 * (Stripe was unreachable), dashboard refunds to unwind, dispute transfer reversals and returns, and
 * bookings nobody confirmed released before their authorisation lapses. Each step is idempotent.
 */
export async function runAftersaleJobs(db: Database, now = new Date()): Promise<{ refunds: number; unwound: number; disputes: number; released: number }> {
  const refunds = await makePendingRefunds(db);
  const unwound = await unwindDashboardRefunds(db);
  const disputes = await settleDisputeTransfers(db);
  const released = await releaseLapsingAuthorisations(db, now);
  return { refunds, unwound, disputes, released };
}

const globalForJobs = globalThis as typeof globalThis & { __plazaAftersaleJobs?: NodeJS.Timeout };

/** Starts the after-sale timer once per process (every minute). */
export function startAftersaleJobs(getDb: () => Promise<Database>, everyMs = 60_000): void {
  if (globalForJobs.__plazaAftersaleJobs) return;
  globalForJobs.__plazaAftersaleJobs = setInterval(() => {
    void getDb()
      .then((db) => runAftersaleJobs(db))
      .catch((e) => console.error("[plaza] after-sale jobs:", e instanceof Error ? e.message : e));
  }, everyMs);
  globalForJobs.__plazaAftersaleJobs.unref?.();
}
