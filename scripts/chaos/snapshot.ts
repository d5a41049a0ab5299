/**
 * A run's end state with every id that differs between runs (uuids, Stripe ids, bigserials) replaced by a
 * stable label: people by email, organisations by slug, listings by title, orders / top-ups / IOUs / refunds
 * by their owner and their rank in the owner's history (each owner's operations run one after another, so the
 * rank is decided by the seed). Two runs of one workload must give equal snapshots.
 */
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";

export interface Snapshot {
  balances: Record<string, number>;
  postings: Record<string, { type: string; entries: string[] }>;
  orders: Record<string, { status: string; amount: number; platformFee: number; paidWith: string | null; closedReason: string | null; refunds: string[] }>;
  topUps: Record<string, { status: string; amount: number }>;
  ious: Record<string, { status: string; amount: number }>;
  unmappedIds: number;
}

async function rows<T>(db: Database, q: ReturnType<typeof sql>): Promise<T[]> {
  return (await db.execute(q)).rows as T[];
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const STRIPE_DISPUTE_ID = /\bdp_[A-Za-z0-9]+/g;

export async function takeSnapshot(db: Database): Promise<Snapshot> {
  const labels = new Map<string, string>();
  for (const u of await rows<{ id: string; email: string }>(db, sql`select id, email from users`)) labels.set(u.id, u.email);
  for (const o of await rows<{ id: string; slug: string }>(db, sql`select id, slug from organisations`)) labels.set(o.id, `org:${o.slug}`);
  for (const l of await rows<{ id: string; title: string }>(db, sql`select id, title from listings`)) labels.set(l.id, `listing:${l.title}`);
  const orderRows = await rows<{ id: string; buyer: string; rank: number; status: string; amount: number; platform_fee: number; paid_with: string | null; closed_reason: string | null }>(
    db,
    sql`select o.id, u.email as buyer, row_number() over (partition by o.buyer_user_id order by o.created_at, o.id)::int as rank, o.status, o.amount::int, o.platform_fee::int, o.paid_with, o.closed_reason
        from orders o join users u on u.id = o.buyer_user_id`,
  );
  for (const o of orderRows) labels.set(o.id, `order:${o.buyer}#${o.rank}`);
  const topUpRows = await rows<{ id: string; who: string; kind: string; rank: number; status: string; amount: number }>(
    db,
    sql`select t.id, u.email as who, t.kind, row_number() over (partition by t.user_id, t.kind order by t.created_at, t.id)::int as rank, t.status, t.amount::int
        from wallet_top_ups t join users u on u.id = t.user_id`,
  );
  for (const t of topUpRows) labels.set(t.id, `top-up:${t.who}:${t.kind}#${t.rank}`);
  const iouRows = await rows<{ id: string; who: string; slug: string; rank: number; status: string; amount: number }>(
    db,
    sql`select i.id, u.email as who, g.slug, row_number() over (partition by i.organisation_id, i.user_id order by i.created_at, i.id)::int as rank, i.status, i.amount::int
        from ious i join users u on u.id = i.user_id join organisations g on g.id = i.organisation_id`,
  );
  for (const i of iouRows) labels.set(i.id, `iou:${i.slug}:${i.who}#${i.rank}`);
  const refundRows = await rows<{ id: string; order_id: string; rank: number; status: string; amount: number; source: string; reason: string }>(
    db,
    // Ranked by what the workload decided (amount, where it was made, reason), not by when Plaza recorded it:
    // under shuffled delivery two refunds of one order may be recorded in either order.
    sql`select id, order_id, row_number() over (partition by order_id order by amount, source, reason, created_at, id)::int as rank, status, amount::int, source, reason from order_refunds`,
  );
  for (const r of refundRows) labels.set(r.id, `refund:${labels.get(r.order_id) ?? r.order_id}#${r.rank}`);
  // Dispute postings are keyed by Stripe's dispute id, which differs between runs.
  for (const d of await rows<{ stripe_dispute_id: string; order_id: string; rank: number }>(
    db,
    sql`select stripe_dispute_id, order_id, row_number() over (partition by order_id order by created_at, id)::int as rank from order_disputes`,
  )) {
    labels.set(d.stripe_dispute_id, `dispute:${labels.get(d.order_id) ?? d.order_id}#${d.rank}`);
  }

  let unmappedIds = 0;
  const accounts = new Map<number, string>();
  for (const a of await rows<{ id: number; primary_id: number; kind: string; owner: string | null; currency: string }>(
    db,
    sql`select id::int, coalesce(primary_account_id, id)::int as primary_id, kind::text, coalesce(owner_user_id, owner_organisation_id) as owner, currency from ledger_accounts`,
  )) {
    accounts.set(a.id, `${a.kind}:${a.owner ? (labels.get(a.owner) ?? `?${a.owner}`) : "platform"}:${a.currency}`);
  }
  const balances: Record<string, number> = {};
  for (const b of await rows<{ id: number; balance: number }>(db, sql`select id::int, balance::bigint::float8 as balance from ledger_accounts`)) {
    const label = accounts.get(b.id)!;
    balances[label] = (balances[label] ?? 0) + Number(b.balance);
  }
  const postings: Snapshot["postings"] = {};
  const txs = await rows<{ id: number; type: string; key: string; description: string; entries: { account: number; amount: number }[] }>(
    db,
    sql`select t.id::int, t.type::text, t.idempotency_key as key, t.description,
               json_agg(json_build_object('account', e.account_id, 'amount', e.amount) order by e.id) as entries
        from ledger_transactions t join ledger_entries e on e.transaction_id = t.id group by t.id order by t.id`,
  );
  for (const t of txs) {
    let unmapped = false;
    let key = t.key.replace(UUID, (id) => {
      const l = labels.get(id);
      if (!l) unmapped = true;
      return l ?? "?";
    }).replace(STRIPE_DISPUTE_ID, (id) => {
      const l = labels.get(id);
      if (!l) unmapped = true;
      return l ?? "?";
    });
    // Client-chosen ids without a table of their own (transfers): the description carries the operation's key.
    if (unmapped) key = `${key}|${t.description}`;
    if (postings[key]) {
      unmappedIds++;
      key = `${key}|dup${t.id}`;
    }
    postings[key] = { type: t.type, entries: t.entries.map((e) => `${accounts.get(Number(e.account))} ${Number(e.amount)}`).sort() };
  }
  const refundsByOrder = new Map<string, string[]>();
  for (const r of refundRows) refundsByOrder.set(r.order_id, [...(refundsByOrder.get(r.order_id) ?? []), `${r.source}:${r.reason}:${r.amount}:${r.status}`]);
  const orders: Snapshot["orders"] = {};
  for (const o of orderRows) orders[labels.get(o.id)!] = { status: o.status, amount: o.amount, platformFee: o.platform_fee, paidWith: o.paid_with, closedReason: o.closed_reason, refunds: (refundsByOrder.get(o.id) ?? []).sort() };
  const topUps: Snapshot["topUps"] = {};
  for (const t of topUpRows) topUps[labels.get(t.id)!] = { status: t.status, amount: t.amount };
  const iousOut: Snapshot["ious"] = {};
  for (const i of iouRows) iousOut[labels.get(i.id)!] = { status: i.status, amount: i.amount };
  return { balances, postings, orders, topUps, ious: iousOut, unmappedIds };
}

/** Differences between two snapshots, as readable lines (empty: equal). */
export function diffSnapshots(clean: Snapshot, chaos: Snapshot): string[] {
  const out: string[] = [];
  for (const part of ["balances", "postings", "orders", "topUps", "ious"] as const) {
    const a = clean[part] as Record<string, unknown>;
    const b = chaos[part] as Record<string, unknown>;
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const x = JSON.stringify(a[k] ?? (part === "balances" ? 0 : null));
      const y = JSON.stringify(b[k] ?? (part === "balances" ? 0 : null));
      if (x !== y) out.push(`${part} ${k}: clean ${x} / chaos ${y}`);
    }
  }
  return out;
}
