import { money } from '../pages/common.js';
import type Stripe from 'stripe';
import { Ctx, type Result } from '../context.js';
import type { FormObject } from '../form.js';
import { invalid, notFound } from '../errors.js';
import { addTxn } from '../money.js';
import { feeRefund, refund, transferReversal } from '../objects.js';
import { mergeMetadata } from '../params.js';
import { api, type Route } from '../routes.js';
import { listResult, objResult } from './list.js';
import { idOf, owned, ownedValues } from './lookup.js';

const REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'] as const;

/** Reverses part of a transfer: trr_ + platform transfer_refund (+) + connected payment_refund (−) via pyr_. */
export function reverseTransfer(ctx: Ctx, tr: Stripe.Transfer, amount: number, sourceRefund: string | null, metadata: Record<string, string>): Stripe.TransferReversal {
  const t = ctx.tenant;
  const emu = ctx.emu;
  const remaining = tr.amount - tr.amount_reversed;
  if (amount > remaining) throw invalid(`Transfer reversal amount (${amount}) is greater than the transfer's remaining amount (${remaining}).`, 'amount_too_large', 'amount');
  const dest = idOf(tr.destination) ?? '';
  const py = t.charges.get(idOf(tr.destination_payment ?? null) ?? '');
  let pyr: Stripe.Refund | null = null;
  if (py) {
    pyr = t.put(t.refunds, refund(t.newId('pyr'), ctx.now(), { amount, currency: tr.currency, charge: py.id }), dest);
    const dTxn = addTxn(emu, t, { account: dest, amount: -amount, currency: tr.currency, type: 'payment_refund', source: pyr.id });
    pyr.balance_transaction = dTxn.id;
    py.amount_refunded += amount;
    py.refunded = py.amount_refunded >= py.amount;
    py.refunds?.data.push(pyr);
  }
  const trr = t.put(t.reversals, transferReversal(t.newId('trr'), ctx.now(), {
    amount, currency: tr.currency, transfer: tr.id, destination_payment_refund: pyr?.id ?? null, source_refund: sourceRefund, metadata,
  }), t.platformId);
  const pTxn = addTxn(emu, t, { account: t.platformId, amount, currency: tr.currency, type: 'transfer_refund', source: trr.id });
  trr.balance_transaction = pTxn.id;
  tr.amount_reversed += amount;
  tr.reversed = tr.amount_reversed >= tr.amount;
  tr.reversals.data.unshift(trr);
  return trr;
}

/** Refunds part of an application fee: fr_ + platform application_fee_refund (−) + connected credit (+). */
export function refundApplicationFee(ctx: Ctx, fee: Stripe.ApplicationFee, amount: number, metadata: Record<string, string> = {}): Stripe.FeeRefund {
  const t = ctx.tenant;
  const remaining = fee.amount - fee.amount_refunded;
  if (amount > remaining) throw invalid(`Refund amount (${amount}) is greater than unrefunded amount on fee (${remaining}).`, 'amount_too_large', 'amount');
  const fr = t.put(t.feeRefunds, feeRefund(t.newId('fr'), ctx.now(), { amount, currency: fee.currency, fee: fee.id, metadata }), t.platformId);
  const pTxn = addTxn(ctx.emu, t, { account: t.platformId, amount: -amount, currency: fee.currency, type: 'application_fee_refund', source: fr.id });
  addTxn(ctx.emu, t, { account: idOf(fee.account) ?? '', amount, currency: fee.currency, type: 'application_fee_refund', source: fr.id });
  fr.balance_transaction = pTxn.id;
  fee.amount_refunded += amount;
  fee.refunded = fee.amount_refunded >= fee.amount;
  fee.refunds.data.unshift(fr);
  return fr;
}

function create(ctx: Ctx): Result {
  const t = ctx.tenant;
  const p = ctx.params.allow('charge', 'payment_intent', 'amount', 'reason', 'reverse_transfer', 'refund_application_fee', 'metadata', 'instructions_email', 'origin', 'currency', 'customer');
  const params: Stripe.RefundCreateParams = {
    charge: p.str('charge'), payment_intent: p.str('payment_intent'), amount: p.int('amount'), reason: p.enumOf('reason', REASONS),
    reverse_transfer: p.bool('reverse_transfer'), refund_application_fee: p.bool('refund_application_fee'), metadata: p.metadata() ?? undefined,
  };
  let chargeId = params.charge;
  if (!chargeId && params.payment_intent) {
    const pi = owned(ctx, t.paymentIntents, params.payment_intent, 'payment_intent', 'payment_intent');
    chargeId = idOf(pi.latest_charge) ?? undefined;
    if (!chargeId || pi.status !== 'succeeded') throw invalid(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, 'charge_not_refundable', 'payment_intent');
  }
  if (!chargeId) throw invalid('One of the following params should be provided for this request: payment_intent or charge.', 'parameter_missing', 'charge');
  const ch = owned(ctx, t.charges, chargeId, 'charge', 'charge');
  const refundable = ch.amount_captured - ch.amount_refunded;
  if (ch.refunded || refundable <= 0) throw invalid(`Charge ${ch.id} has already been refunded.`, 'charge_already_refunded', 'charge');
  const amount = params.amount ?? refundable;
  if (amount > refundable) throw invalid(`Refund amount (${money(amount, ch.currency)}) is greater than unrefunded amount on charge (${money(refundable, ch.currency)})`, 'amount_too_large', 'amount');
  if (amount <= 0) throw invalid('Invalid positive integer', 'parameter_invalid_integer', 'amount');
  const meta = mergeMetadata(null, p.metadata());
  const re = t.put(t.refunds, refund(t.newId('re'), ctx.now(), {
    amount, currency: ch.currency, charge: ch.id, payment_intent: idOf(ch.payment_intent), customer: idOf(ch.customer), payment_method: ch.payment_method,
    reason: params.reason ?? null, metadata: meta,
  }), ctx.account);
  const txn = addTxn(ctx.emu, t, { account: ctx.account, amount: -amount, currency: ch.currency, type: 'refund', source: re.id });
  re.balance_transaction = txn.id;
  const prevCharge = { amount_refunded: ch.amount_refunded, refunded: ch.refunded };
  ch.amount_refunded += amount;
  ch.refunded = ch.amount_refunded >= ch.amount_captured;
  ch.refunds?.data.unshift(re);
  const post: (() => void)[] = [];
  const tr = ch.transfer ? t.transfers.get(idOf(ch.transfer) ?? '') : undefined;
  if (params.reverse_transfer && tr) {
    const share = ch.amount_refunded >= ch.amount_captured ? tr.amount - tr.amount_reversed : Math.round((amount * tr.amount) / ch.amount_captured);
    const trr = reverseTransfer(ctx, tr, Math.min(share, tr.amount - tr.amount_reversed), re.id, {});
    re.transfer_reversal = trr.id;
    post.push(() => ctx.emit('transfer.reversed', tr, t.platformId, { amount_reversed: tr.amount_reversed - trr.amount, reversed: false }));
  }
  const fee = ch.application_fee ? t.appFees.get(idOf(ch.application_fee) ?? '') : undefined;
  if (params.refund_application_fee && fee) {
    const full = ch.amount_refunded >= ch.amount_captured;
    const share = full ? fee.amount - fee.amount_refunded : Math.round((fee.amount * amount) / ch.amount_captured);
    const fr = refundApplicationFee(ctx, fee, Math.min(share, fee.amount - fee.amount_refunded));
    post.push(() => ctx.emit('application_fee.refunded', fee, t.platformId, { amount_refunded: fee.amount_refunded - fr.amount, refunded: false }));
  }
  ctx.emit('refund.created', re);
  ctx.emit('charge.refunded', ch, ctx.account, prevCharge);
  for (const f of post) f();
  const b = t.pmCards.get(ch.payment_method ?? '');
  if (b?.refundFails) scheduleRefundFailure(ctx, re, ch);
  return objResult(ctx, re);
}

function scheduleRefundFailure(ctx: Ctx, re: Stripe.Refund, ch: Stripe.Charge): void {
  const t = ctx.tenant;
  const owner = ctx.account;
  ctx.emu.clock.schedule(ctx.now() + 60, `refund failure ${re.id}`, () => {
    const emit = (type: Stripe.Event.Type, obj: object, previous?: object): void => { ctx.emu.emit(t, type, obj, { account: owner, request: null, ...(previous ? { previous: JSON.parse(JSON.stringify(previous)) } : {}) }); };
    re.status = 'failed';
    re.failure_reason = 'expired_or_canceled_card';
    const txn = addTxn(ctx.emu, t, { account: owner, amount: re.amount, currency: re.currency, type: 'refund_failure', source: re.id });
    re.failure_balance_transaction = txn.id;
    ch.amount_refunded -= re.amount;
    ch.refunded = false;
    emit('refund.updated', re, { status: 'succeeded' });
    emit('charge.refund.updated', re, { status: 'succeeded' });
    emit('refund.failed', re);
  });
}

/**
 * A refund made in the Dashboard by the charge's owner: the same objects and events as the API (refund.created,
 * charge.refunded, …), without reversing a destination charge's transfer unless asked, as the Dashboard does.
 */
function dashboardRefund(ctx: Ctx): Result {
  const id = ctx.param('id');
  if (!ctx.tenant.charges.has(id)) throw notFound('charge', id);
  const p = ctx.params;
  const form: FormObject = { charge: id };
  for (const key of ['amount', 'reason', 'reverse_transfer', 'refund_application_fee']) {
    const v = p.str(key);
    if (v !== undefined) form[key] = v;
  }
  const owner = ctx.tenant.owner.get(id) ?? ctx.account;
  const asDashboard = new Ctx(ctx.emu, ctx.tenant, owner, form, {}, 'POST', '/v1/refunds', ctx.requestId, null, ctx.apiVersion, false, true);
  return create(asDashboard);
}

export const refundRoutes: Route[] = [
  api('POST', '/v1/refunds', create),
  api('POST', '/_emu/charges/:id/refund', dashboardRefund),
  api('GET', '/v1/refunds', (ctx) => {
    const charge = ctx.params.str('charge');
    const pi = ctx.params.str('payment_intent');
    return listResult(ctx, ownedValues(ctx, ctx.tenant.refunds).filter((r) => (!charge || r.charge === charge) && (!pi || r.payment_intent === pi)), '/v1/refunds');
  }),
  api('GET', '/v1/refunds/:id', (ctx) => objResult(ctx, owned(ctx, ctx.tenant.refunds, ctx.param('id'), 'refund'))),
  api('POST', '/v1/refunds/:id', (ctx) => {
    const re = owned(ctx, ctx.tenant.refunds, ctx.param('id'), 'refund');
    const p = ctx.params.allow('metadata');
    const prev = { metadata: re.metadata };
    re.metadata = mergeMetadata(re.metadata, p.metadata());
    ctx.emit('refund.updated', re, ctx.account, prev);
    return objResult(ctx, re);
  }),
];
