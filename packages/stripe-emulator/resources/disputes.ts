import type Stripe from 'stripe';
import type { Ctx, Result } from '../context.js';
import type { Emulator } from '../emulator.js';
import { invalid, notFound } from '../errors.js';
import { addTxn } from '../money.js';
import { dispute } from '../objects.js';
import { mergeMetadata } from '../params.js';
import { api, type Route } from '../routes.js';
import type { Tenant } from '../store.js';
import { listResult, objResult } from './list.js';
import { idOf, owned, ownedValues } from './lookup.js';

export const DISPUTE_FEE = 1500;
type Reason = 'fraudulent' | 'product_not_received' | 'inquiry' | string;

/** Opens a dispute on a charge (§8f): disputed party gets adjustment −A and −1500 fee. */
export function openDispute(emu: Emulator, t: Tenant, ch: Stripe.Charge, reason: Reason): Stripe.Dispute {
  const owner = t.owner.get(ch.id) ?? t.platformId;
  const inquiry = reason === 'inquiry';
  const now = emu.clock.now();
  const dp = t.put(t.disputes, dispute(t.newId('dp'), now, {
    amount: ch.amount_captured - ch.amount_refunded, currency: ch.currency, charge: ch.id, payment_intent: idOf(ch.payment_intent),
    reason: inquiry ? 'general' : reason, status: inquiry ? 'warning_needs_response' : 'needs_response', is_charge_refundable: inquiry,
  }), owner);
  const emit = (type: Stripe.Event.Type, obj: object, previous?: object): void => {
    emu.emit(t, type, obj, { account: owner, request: null, ...(previous ? { previous: JSON.parse(JSON.stringify(previous)) } : {}) });
  };
  emit('charge.dispute.created', dp);
  if (!inquiry) {
    const txn = addTxn(emu, t, { account: owner, amount: -dp.amount, currency: dp.currency, type: 'adjustment', source: dp.id, fees: { stripe: DISPUTE_FEE }, description: `Chargeback withdrawal for ${ch.id}` });
    txn.fee_details[0].description = 'Dispute fee';
    dp.balance_transactions.push(txn);
    emit('charge.dispute.funds_withdrawn', dp);
  }
  ch.disputed = true;
  emit('charge.updated', ch, { disputed: false });
  return dp;
}

/** Closes a dispute as won or lost; won reinstates the disputed amount. */
export function resolveDispute(emu: Emulator, t: Tenant, dp: Stripe.Dispute, outcome: 'won' | 'lost'): void {
  const owner = t.owner.get(dp.id) ?? t.platformId;
  const previous = { status: dp.status };
  const inquiry = dp.status.startsWith('warning_');
  dp.status = inquiry ? 'warning_closed' : outcome;
  emu.emit(t, 'charge.dispute.closed', dp, { account: owner, previous });
  if (outcome === 'won' && !inquiry) {
    const txn = addTxn(emu, t, { account: owner, amount: dp.amount, currency: dp.currency, type: 'adjustment', source: dp.id, description: `Chargeback reversal for ${idOf(dp.charge)}` });
    dp.balance_transactions.push(txn);
    emu.emit(t, 'charge.dispute.funds_reinstated', dp, { account: owner });
  }
}

function update(ctx: Ctx): Result {
  const dp = owned(ctx, ctx.tenant.disputes, ctx.param('id'), 'dispute');
  const p = ctx.params.allow('evidence', 'submit', 'metadata');
  if (!['needs_response', 'warning_needs_response'].includes(dp.status)) throw invalid(`This dispute is already closed or under review.`, 'dispute_already_closed');
  const ev = p.obj('evidence');
  const previous: Record<string, unknown> = {};
  if (ev) {
    previous.evidence = { ...dp.evidence };
    for (const key of Object.keys(ev.raw)) {
      const v = ev.str(key);
      if (key in dp.evidence && v !== undefined) Object.assign(dp.evidence, { [key]: v });
    }
    dp.evidence_details.has_evidence = true;
  }
  if (p.raw.metadata !== undefined) { previous.metadata = dp.metadata; dp.metadata = mergeMetadata(dp.metadata, p.metadata()); }
  if (p.bool('submit') !== false && ev) {
    previous.status = dp.status;
    dp.status = dp.status === 'warning_needs_response' ? 'warning_under_review' : 'under_review';
    dp.evidence_details.submission_count++;
    dp.evidence_details.submission_method = 'manual';
  }
  ctx.emit('charge.dispute.updated', dp, ctx.account, JSON.parse(JSON.stringify(previous)));
  const text = dp.evidence.uncategorized_text;
  if (previous.status !== undefined && (text === 'winning_evidence' || text === 'losing_evidence')) {
    resolveDispute(ctx.emu, ctx.tenant, dp, text === 'winning_evidence' ? 'won' : 'lost');
  }
  return objResult(ctx, dp);
}

export const disputeRoutes: Route[] = [
  api('GET', '/v1/disputes', (ctx) => {
    const charge = ctx.params.str('charge');
    const pi = ctx.params.str('payment_intent');
    return listResult(ctx, ownedValues(ctx, ctx.tenant.disputes).filter((d) => (!charge || d.charge === charge) && (!pi || d.payment_intent === pi)), '/v1/disputes');
  }),
  api('GET', '/v1/disputes/:id', (ctx) => objResult(ctx, owned(ctx, ctx.tenant.disputes, ctx.param('id'), 'dispute'))),
  api('POST', '/v1/disputes/:id', update),
  api('POST', '/v1/disputes/:id/close', (ctx) => {
    const dp = owned(ctx, ctx.tenant.disputes, ctx.param('id'), 'dispute');
    if (['won', 'lost', 'warning_closed'].includes(dp.status)) throw invalid('This dispute is already closed.', 'dispute_already_closed');
    resolveDispute(ctx.emu, ctx.tenant, dp, 'lost');
    return objResult(ctx, dp);
  }),
  api('POST', '/_emu/charges/:id/dispute', (ctx) => {
    const id = ctx.param('id');
    const ch = ctx.tenant.charges.get(id);
    if (!ch) throw notFound('charge', id);
    const reason = ctx.params.str('reason') ?? 'fraudulent';
    return objResult(ctx, openDispute(ctx.emu, ctx.tenant, ch, reason));
  }),
  api('POST', '/_emu/disputes/:id/resolve', (ctx) => {
    const id = ctx.param('id');
    const dp = ctx.tenant.disputes.get(id);
    if (!dp) throw notFound('dispute', id);
    const outcome = ctx.params.str('outcome') ?? ctx.params.str('status') ?? (ctx.params.has('won') ? 'won' : 'lost');
    resolveDispute(ctx.emu, ctx.tenant, dp, outcome === 'won' ? 'won' : 'lost');
    return objResult(ctx, dp);
  }),
];
