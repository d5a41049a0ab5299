import "server-only";
import type { Database } from "@/db/client";
import { releaseLapsingAuthorisations } from "./bookings";
import { settleDisputeTransfers } from "./disputes";
import { makePendingRefunds, unwindDashboardRefunds } from "./refunds";

/**
 * The after-sale work the webhook worker sweeps every PENDING_WORK_MS (WebhookApp.pendingWork, no transaction open): refunds still to make at Stripe
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
