import "server-only";
import { and, asc, desc, eq, inArray, notInArray, sql } from "drizzle-orm";
import Stripe from "stripe";
import type { Database } from "@/db/client";
import { orderDisputes, orders, organisations, users } from "@/db/schema";
import { getOrCreateAccount } from "@/lib/ledger/accounts";
import { postTransaction } from "@/lib/ledger/post";
import { assertNoTransaction } from "@/lib/payments/no-transaction";
import { idempotencyKey, stripe } from "@/lib/stripe/client";
import { aftersaleEmails } from "./aftersale-emails";
import { lockOrder, type OrderRow } from "./orders";

export type DisputeRow = typeof orderDisputes.$inferSelect;

/** Dispute statuses after which nothing changes any more; a late copy of an earlier state never reopens one. */
export const CLOSED_DISPUTE_STATUSES = ["won", "lost", "warning_closed"] as const;
const isClosed = (s: string) => (CLOSED_DISPUTE_STATUSES as readonly string[]).includes(s);

function idOf(v: string | { id: string } | null | undefined): string | null {
  return typeof v === "string" ? v : (v?.id ?? null);
}

/** The disputed amount and fee Stripe withdrew, and what it reinstated, from the dispute's balance transactions. */
function movements(dp: Stripe.Dispute): { withdrawn: { amount: number; fee: number } | null; reinstated: number | null } {
  let withdrawn: { amount: number; fee: number } | null = null;
  let reinstated: number | null = null;
  for (const bt of dp.balance_transactions ?? []) {
    if (bt.amount < 0) withdrawn = { amount: -bt.amount, fee: bt.fee };
    else if (bt.amount > 0) reinstated = bt.amount;
  }
  return { withdrawn, reinstated };
}

/**
 * The ledger for a dispute's money. Destination charge (the platform is debited the amount and the fee):
 * `stripe_clearing` +(amount + fee), the seller's `connected_sales` −amount (Plaza reverses the seller's
 * transfer for it), `stripe_fees` −fee (the platform's cost). Direct charge (the connected account is debited
 * both): `stripe_clearing` +(amount + fee), `connected_sales` −(amount + fee). Reinstated when won:
 * `stripe_clearing` −amount, `connected_sales` +amount (the transfer is returned).
 */
async function postDispute(tx: Database, order: OrderRow, d: DisputeRow, kind: "withdrawn" | "reinstated", amount: number, fee: number, stripeEventId: string | null): Promise<void> {
  const clearing = await getOrCreateAccount(tx, { kind: "stripe_clearing", currency: d.currency });
  const sales = await getOrCreateAccount(tx, { kind: "connected_sales", ownerOrganisationId: order.organisationId, currency: d.currency, allowNegative: true });
  const entries: { accountId: number; amount: number }[] = [];
  if (kind === "withdrawn") {
    if (order.chargeType === "destination") {
      entries.push({ accountId: clearing.id, amount: amount + fee }, { accountId: sales.id, amount: -amount });
      if (fee > 0) entries.push({ accountId: (await getOrCreateAccount(tx, { kind: "stripe_fees", currency: d.currency })).id, amount: -fee });
    } else {
      entries.push({ accountId: clearing.id, amount: amount + fee }, { accountId: sales.id, amount: -(amount + fee) });
    }
  } else {
    entries.push({ accountId: clearing.id, amount: -amount }, { accountId: sales.id, amount });
  }
  await postTransaction(tx, {
    type: kind === "withdrawn" ? "dispute" : "dispute_reversal",
    description: kind === "withdrawn" ? `Dispute ${d.reason.replaceAll("_", " ")}, order ${order.id.slice(0, 8)}` : `Dispute won, order ${order.id.slice(0, 8)}`,
    idempotencyKey: `dispute:${d.stripeDisputeId}:${kind}`,
    orderId: order.id,
    stripeObjectId: d.stripeDisputeId,
    stripeEventId,
    metadata: { chargeType: order.chargeType, disputeFee: fee },
    entries,
  });
}

/**
 * Any `charge.dispute.*` event, in any order and any number of times: the dispute is recorded on its order
 * once (reason, amount, status, evidence deadline), the money Stripe withdrew or reinstated is posted once
 * each (from the dispute's balance transactions, whichever event carries them first), a closed dispute stays
 * closed, and on destination charges the seller's transfer reversal (and its return when won) is queued for
 * after the commit. The seller's managers and platform admins are emailed when it opens and when it closes.
 */
export async function recordDispute(tx: Database, dp: Stripe.Dispute, ctx: { stripeAccount: string | null; stripeEventId: string | null }): Promise<void> {
  const pi = idOf(dp.payment_intent);
  if (!pi) return;
  const [o] = await tx.select({ id: orders.id }).from(orders).where(eq(orders.paymentIntentId, pi));
  if (!o) return;
  const order = await lockOrder(tx, o.id);
  if (!order) return;
  const due = dp.evidence_details?.due_by ? new Date(dp.evidence_details.due_by * 1000) : null;
  const inserted = await tx
    .insert(orderDisputes)
    .values({ orderId: order.id, stripeDisputeId: dp.id, chargeId: idOf(dp.charge) ?? "", stripeAccount: ctx.stripeAccount, amount: dp.amount, currency: dp.currency, reason: dp.reason, status: dp.status, evidenceDueBy: due })
    .onConflictDoNothing()
    .returning({ id: orderDisputes.id });
  let [d] = await tx.select().from(orderDisputes).where(eq(orderDisputes.stripeDisputeId, dp.id)).for("update");
  const wasClosed = isClosed(d.status);
  if (!wasClosed && d.status !== dp.status) {
    [d] = await tx
      .update(orderDisputes)
      .set({ status: dp.status, amount: dp.amount, reason: dp.reason, evidenceDueBy: due ?? d.evidenceDueBy, updatedAt: new Date(), closedAt: isClosed(dp.status) ? new Date() : null })
      .where(eq(orderDisputes.id, d.id))
      .returning();
  }
  const m = movements(dp);
  const destination = order.chargeType === "destination";
  if (m.withdrawn && d.withdrawnAmount === null) {
    await postDispute(tx, order, d, "withdrawn", m.withdrawn.amount, m.withdrawn.fee, ctx.stripeEventId);
    [d] = await tx
      .update(orderDisputes)
      .set({ withdrawnAmount: m.withdrawn.amount, disputeFee: m.withdrawn.fee, transferReversalStatus: destination ? "pending" : null, updatedAt: new Date() })
      .where(eq(orderDisputes.id, d.id))
      .returning();
  }
  if (m.reinstated !== null && d.reinstatedAmount === null) {
    await postDispute(tx, order, d, "reinstated", m.reinstated, 0, ctx.stripeEventId);
    await tx
      .update(orderDisputes)
      .set({ reinstatedAmount: m.reinstated, transferReturnStatus: destination ? "pending" : null, updatedAt: new Date() })
      .where(eq(orderDisputes.id, d.id));
  }
  if (inserted.length) await aftersaleEmails.disputeOpened(tx, order, { amount: dp.amount, currency: dp.currency, reason: dp.reason, evidenceDueBy: due });
  if (!wasClosed && isClosed(dp.status)) await aftersaleEmails.disputeClosed(tx, order, { amount: dp.amount, currency: dp.currency, status: dp.status });
}

/**
 * After the commit (no transaction open): reverses the seller's transfer for the disputed amount on
 * destination charges, and transfers it back when the dispute was won. Idempotency keys from the dispute id.
 * A reversal Stripe refuses (the seller's balance is short) is marked failed and logged for the operator.
 */
export async function settleDisputeTransfers(db: Database): Promise<number> {
  assertNoTransaction(db, "settleDisputeTransfers");
  const due = await db
    .select()
    .from(orderDisputes)
    .where(sql`${orderDisputes.transferReversalStatus} = 'pending' or (${orderDisputes.transferReturnStatus} = 'pending' and ${orderDisputes.transferReversalStatus} <> 'pending')`)
    .orderBy(asc(orderDisputes.createdAt))
    .limit(50);
  let n = 0;
  for (const d of due) {
    try {
      let reversalStatus = d.transferReversalStatus;
      let reversalId = d.transferReversalId;
      if (reversalStatus === "pending") {
        const ch = await stripe().charges.retrieve(d.chargeId);
        const transferId = idOf(ch.transfer ?? null);
        if (!transferId) {
          reversalStatus = "failed";
        } else {
          const tr = await stripe().transfers.retrieve(transferId);
          const amount = Math.min(d.withdrawnAmount ?? d.amount, tr.amount - tr.amount_reversed);
          if (amount > 0) {
            const trr = await stripe().transfers.createReversal(transferId, { amount, metadata: { plaza_dispute_id: d.id } }, { idempotencyKey: idempotencyKey("dispute-reversal", d.id) });
            reversalId = trr.id;
          }
          reversalStatus = "done";
        }
        await db.update(orderDisputes).set({ transferReversalStatus: reversalStatus, transferReversalId: reversalId, updatedAt: new Date() }).where(eq(orderDisputes.id, d.id));
      }
      const [fresh] = await db.select().from(orderDisputes).where(eq(orderDisputes.id, d.id));
      if (fresh.transferReturnStatus === "pending" && fresh.transferReversalStatus !== "pending") {
        let returnId: string | null = null;
        if (fresh.transferReversalStatus === "done" && fresh.transferReversalId) {
          const ch = await stripe().charges.retrieve(d.chargeId);
          const transferId = idOf(ch.transfer ?? null);
          const tr = transferId ? await stripe().transfers.retrieve(transferId) : null;
          const destination = idOf(tr?.destination ?? null);
          const reversal = tr?.reversals.data.find((r) => r.id === fresh.transferReversalId);
          const amount = Math.min(reversal?.amount ?? fresh.reinstatedAmount ?? 0, fresh.reinstatedAmount ?? 0);
          if (destination && amount > 0) {
            const back = await stripe().transfers.create(
              // Tied to the charge (source_transaction): the reinstated funds may not be available yet.
              { amount, currency: fresh.currency, destination, source_transaction: d.chargeId, ...(ch.transfer_group ? { transfer_group: ch.transfer_group } : {}), metadata: { plaza_dispute_id: d.id, plaza_order_id: d.orderId } },
              { idempotencyKey: idempotencyKey("dispute-return", d.id) },
            );
            returnId = back.id;
          }
        }
        await db.update(orderDisputes).set({ transferReturnStatus: "done", transferReturnId: returnId, updatedAt: new Date() }).where(eq(orderDisputes.id, d.id));
      }
      n++;
    } catch (e) {
      if (e instanceof Stripe.errors.StripeInvalidRequestError) {
        console.error("[plaza] ALERT: Stripe refused the transfer work of dispute", d.stripeDisputeId, e.message);
        await db
          .update(orderDisputes)
          .set(d.transferReversalStatus === "pending" ? { transferReversalStatus: "failed", updatedAt: new Date() } : { transferReturnStatus: "failed", updatedAt: new Date() })
          .where(eq(orderDisputes.id, d.id));
      } else {
        console.warn("[plaza] dispute transfer work of", d.stripeDisputeId, "failed; retried later", e instanceof Error ? e.message : e);
      }
    }
  }
  return n;
}

export interface DisputeListItem {
  id: string;
  orderId: string;
  stripeDisputeId: string;
  amount: number;
  currency: string;
  reason: string;
  status: string;
  open: boolean;
  evidenceDueBy: string | null;
  buyerEmail: string;
  sellerSlug: string;
  sellerName: string;
  createdAt: string;
}

/** An organisation's disputes (every one when `organisationId` is null, for platform admins), open ones first by deadline. */
export async function listDisputes(db: Database, organisationId: string | null, limit = 200): Promise<DisputeListItem[]> {
  const open = sql<boolean>`${orderDisputes.status} not in ('won', 'lost', 'warning_closed')`;
  const rows = await db
    .select({ d: orderDisputes, email: users.email, open, slug: organisations.slug, name: organisations.name })
    .from(orderDisputes)
    .innerJoin(orders, eq(orders.id, orderDisputes.orderId))
    .innerJoin(users, eq(users.id, orders.buyerUserId))
    .innerJoin(organisations, eq(organisations.id, orders.organisationId))
    .where(organisationId ? eq(orders.organisationId, organisationId) : undefined)
    .orderBy(desc(open), sql`${orderDisputes.evidenceDueBy} asc nulls last`, desc(orderDisputes.createdAt))
    .limit(limit);
  return rows.map(({ d, email, open: o, slug, name }) => ({
    id: d.id,
    orderId: d.orderId,
    stripeDisputeId: d.stripeDisputeId,
    amount: d.amount,
    currency: d.currency,
    reason: d.reason,
    status: d.status,
    open: Boolean(o),
    evidenceDueBy: d.evidenceDueBy?.toISOString() ?? null,
    buyerEmail: email,
    sellerSlug: slug,
    sellerName: name,
    createdAt: d.createdAt.toISOString(),
  }));
}

/** How many disputes of the organisation are still open (for the sales dashboard's link to /orgs/{slug}/disputes). */
export async function openDisputesCount(db: Database, organisationId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<string>`count(*)` })
    .from(orderDisputes)
    .innerJoin(orders, eq(orders.id, orderDisputes.orderId))
    .where(and(eq(orders.organisationId, organisationId), notInArray(orderDisputes.status, [...CLOSED_DISPUTE_STATUSES])));
  return Number(row?.n ?? 0);
}

/** The disputes of some orders, for the order views. */
export async function disputesOf(db: Database, orderIds: string[]): Promise<DisputeRow[]> {
  if (!orderIds.length) return [];
  return db.select().from(orderDisputes).where(inArray(orderDisputes.orderId, orderIds)).orderBy(asc(orderDisputes.createdAt));
}
