import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { int, optStr, queryRows, str, date } from "@/lib/ledger/sql-values";

/** Card authorisations lapse after 7 days at Stripe; warn for those with less than 2 days left. */
const AUTHORISATION_DAYS = 7;
const WARN_DAYS = 2;
/** A payment still awaiting after this long is worth a look. */
const STUCK_MINUTES = 15;

export interface PaymentHealth {
  stuckTopUps: { id: string; amount: number; currency: string; createdAt: Date; sessionId: string | null; sessionStatus: string | null }[];
  stuckOrders: { id: string; amount: number; currency: string; createdAt: Date; sessionId: string | null; sessionStatus: string | null }[];
  webhooks: { pending: number; failing: number; oldestPendingAt: Date | null; lagSeconds: number; failures: { id: string; type: string; attempts: number; lastError: string | null; receivedAt: Date }[] };
  authorisationsNearExpiry: { id: string; amount: number; currency: string; createdAt: Date; expiresAt: Date }[];
  failedPayouts: { id: string; account: string | null; amount: number; currency: string; failureCode: string | null; receivedAt: Date }[];
  stats: { day: string; type: string; count: number; volume: number }[];
}

/**
 * What needs a look (Cobalt's payments_status_summary and get_payments_statistics): top-ups and orders still
 * awaiting payment although their Checkout Session completed (a webhook that has not been processed), the
 * webhook inbox's failures and lag, card authorisations about to lapse, failed payouts (from payout.failed
 * events), and the last 30 days' volume and counts by day and transaction type.
 */
export async function paymentHealth(db: Database, now = new Date()): Promise<PaymentHealth> {
  const stuckBefore = new Date(now.getTime() - STUCK_MINUTES * 60_000).toISOString();
  const [topUps, orders, inbox, failures, holds, payouts, stats] = await Promise.all([
    queryRows(db, sql`select t.id, t.amount::text as amount, t.currency, t.created_at, t.checkout_session_id, s.status as session_status
                      from wallet_top_ups t left join checkout_sessions s on s.id = t.checkout_session_id
                      where t.status = 'pending' and (s.status = 'complete' or t.created_at < ${stuckBefore}::timestamptz)
                      order by t.created_at limit 50`),
    queryRows(db, sql`select o.id, o.amount::text as amount, o.currency, o.created_at, o.checkout_session_id, s.status as session_status
                      from orders o left join checkout_sessions s on s.id = o.checkout_session_id
                      where o.status = 'awaiting_payment' and s.status = 'complete'
                      order by o.created_at limit 50`),
    queryRows(db, sql`select count(*)::int as pending, count(*) filter (where attempts > 0)::int as failing, min(received_at) as oldest
                      from stripe_events where processed_at is null`),
    queryRows(db, sql`select id, type, attempts, last_error, received_at from stripe_events
                      where processed_at is null and attempts > 0 order by received_at limit 20`),
    queryRows(db, sql`select id, amount::text as amount, currency, created_at from orders
                      where status = 'authorised' and created_at < ${new Date(now.getTime() - (AUTHORISATION_DAYS - WARN_DAYS) * 86_400_000).toISOString()}::timestamptz
                      order by created_at limit 50`),
    queryRows(db, sql`select payload->'data'->'object'->>'id' as id, account, (payload->'data'->'object'->>'amount') as amount,
                             payload->'data'->'object'->>'currency' as currency, payload->'data'->'object'->>'failure_code' as failure_code, received_at
                      from stripe_events where type = 'payout.failed' order by received_at desc limit 20`),
    queryRows(db, sql`select to_char(date_trunc('day', t.created_at at time zone 'UTC'), 'YYYY-MM-DD') as day, t.type, count(distinct t.id)::int as n,
                             coalesce(sum(e.amount) filter (where e.amount > 0), 0)::text as volume
                      from ledger_transactions t join ledger_entries e on e.transaction_id = t.id
                      where t.created_at >= ${new Date(now.getTime() - 30 * 86_400_000).toISOString()}::timestamptz
                      group by 1, 2 order by 1 desc, 2`),
  ]);
  const oldest = inbox[0]?.oldest ? date(inbox[0].oldest) : null;
  const pay = (r: Record<string, unknown>) => ({ id: str(r.id), amount: int(r.amount), currency: str(r.currency), createdAt: date(r.created_at), sessionId: optStr(r.checkout_session_id), sessionStatus: optStr(r.session_status) });
  return {
    stuckTopUps: topUps.map(pay),
    stuckOrders: orders.map(pay),
    webhooks: {
      pending: int(inbox[0]?.pending ?? 0),
      failing: int(inbox[0]?.failing ?? 0),
      oldestPendingAt: oldest,
      lagSeconds: oldest ? Math.max(0, Math.round((now.getTime() - oldest.getTime()) / 1000)) : 0,
      failures: failures.map((r) => ({ id: str(r.id), type: str(r.type), attempts: int(r.attempts), lastError: optStr(r.last_error), receivedAt: date(r.received_at) })),
    },
    authorisationsNearExpiry: holds.map((r) => {
      const createdAt = date(r.created_at);
      return { id: str(r.id), amount: int(r.amount), currency: str(r.currency), createdAt, expiresAt: new Date(createdAt.getTime() + AUTHORISATION_DAYS * 86_400_000) };
    }),
    failedPayouts: payouts.map((r) => ({ id: str(r.id), account: optStr(r.account), amount: int(r.amount ?? 0), currency: str(r.currency ?? "usd"), failureCode: optStr(r.failure_code), receivedAt: date(r.received_at) })),
    stats: stats.map((r) => ({ day: str(r.day), type: str(r.type), count: int(r.n), volume: int(r.volume) })),
  };
}
