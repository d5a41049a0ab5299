import type Stripe from 'stripe';
import type { CardBehaviour } from '../cards.js';
import type { Ctx } from '../context.js';
import { cardError, invalid } from '../errors.js';
import { addTxn, stripeFee } from '../money.js';
import { applicationFee, charge, chargeCardDetails, transfer } from '../objects.js';
import { render } from '../render.js';
import { attachPaymentMethod, cardOf } from './payment_methods.js';
import { idOf } from './lookup.js';
import { openDispute } from './disputes.js';

/** Work to finish after the caller's own events (charge.updated with balance_transaction, scheduled disputes). */
export interface Followup { run: () => void }

function outcomeFor(b: CardBehaviour, declined: boolean, blocked: boolean): Stripe.Charge.Outcome {
  if (!declined) return { advice_code: null, network_advice_code: null, network_decline_code: null, network_status: 'approved_by_network', reason: null, risk_level: 'normal', risk_score: 20, seller_message: 'Payment complete.', type: 'authorized' };
  if (blocked) return { advice_code: 'do_not_try_again', network_advice_code: null, network_decline_code: null, network_status: 'not_sent_to_network', reason: 'highest_risk_level', risk_level: 'highest', risk_score: 95, seller_message: 'Stripe blocked this payment as too risky.', type: 'blocked' };
  return { advice_code: 'try_again_later', network_advice_code: null, network_decline_code: null, network_status: 'declined_by_network', reason: b.charge.kind === 'decline' ? b.charge.decline ?? b.charge.code : null, risk_level: 'normal', risk_score: 30, seller_message: 'The bank did not return any further details with this decline.', type: 'issuer_declined' };
}

function newCharge(ctx: Ctx, pi: Stripe.PaymentIntent, pm: Stripe.PaymentMethod, owner: string, threeDS: boolean): Stripe.Charge {
  const t = ctx.tenant;
  const pmCard = pm.card;
  const ch = charge(t.newId('ch'), ctx.now(), {
    amount: pi.amount, currency: pi.currency, customer: idOf(pi.customer), description: pi.description, metadata: { ...pi.metadata },
    payment_intent: pi.id, payment_method: pm.id, payment_method_details: pmCard ? chargeCardDetails(pmCard, pi.amount, threeDS) : null,
    billing_details: pm.billing_details, receipt_email: pi.receipt_email, application_fee_amount: pi.application_fee_amount,
    on_behalf_of: idOf(pi.on_behalf_of), transfer_group: pi.transfer_group,
    transfer_data: pi.transfer_data ? { amount: pi.transfer_data.amount ?? null, destination: idOf(pi.transfer_data.destination) ?? '' } : null,
    receipt_url: `${ctx.publicUrl}/receipts/${pi.id}`,
  });
  return t.put(t.charges, ch, owner);
}

/** Charges the PI's card (after any 3DS). Throws 402 on decline after updating state and emitting events. */
export function executeCharge(ctx: Ctx, pi: Stripe.PaymentIntent, pm: Stripe.PaymentMethod, threeDS: boolean, followups: Followup[]): Stripe.Charge {
  const t = ctx.tenant;
  const owner = t.owner.get(pi.id) ?? ctx.account;
  const b = cardOf(ctx, pm.id);
  const ch = newCharge(ctx, pi, pm, owner, threeDS);
  pi.latest_charge = ch.id;
  if (b.charge.kind === 'decline') {
    const o = b.charge;
    ch.status = 'failed';
    ch.failure_code = o.code === 'card_declined' ? o.decline ?? o.code : o.code;
    ch.failure_message = o.message;
    ch.outcome = outcomeFor(b, true, o.blocked ?? false);
    failIntent(ctx, pi, { type: 'card_error', code: o.code, decline_code: o.decline, message: o.message, charge: ch.id, payment_method: pm });
    ctx.emit('charge.failed', ch, owner);
    ctx.emit('payment_intent.payment_failed', pi, owner);
    throw cardError(o.code, o.message, o.decline, { charge: ch.id, payment_intent: render(t, pi), payment_method: render(t, pm) });
  }
  ch.status = 'succeeded';
  ch.paid = true;
  ch.outcome = outcomeFor(b, false, false);
  pi.last_payment_error = null;
  pi.next_action = null;
  pi.payment_method = pm.id;
  const manual = pi.capture_method === 'manual';
  if (manual) {
    pi.status = 'requires_capture';
    pi.amount_capturable = pi.amount;
    ctx.emit('charge.succeeded', ch, owner);
    ctx.emit('payment_intent.amount_capturable_updated', pi, owner);
    scheduleAuthorizationExpiry(ctx, pi, ch, owner);
  } else {
    ch.captured = true;
    ch.amount_captured = pi.amount;
    pi.status = 'succeeded';
    pi.amount_received = pi.amount;
    ctx.emit('charge.succeeded', ch, owner);
    ctx.emit('payment_intent.succeeded', pi, owner);
    settleCapturedCharge(ctx, pi, ch, b, owner);
  }
  if (pi.setup_future_usage && pi.customer) {
    attachPaymentMethod(ctx, pm, idOf(pi.customer) ?? '');
    t.authenticatedPMs.add(pm.id);
  }
  followups.push({ run: () => emitBalanceTransactionUpdate(ctx, ch, owner) });
  if (b.dispute && !manual) followups.push({ run: () => openDispute(ctx.emu, t, ch, b.dispute ?? 'fraudulent') });
  return ch;
}

function emitBalanceTransactionUpdate(ctx: Ctx, ch: Stripe.Charge, owner: string): void {
  if (ch.balance_transaction) ctx.emit('charge.updated', ch, owner, { balance_transaction: null });
}

export function failIntent(ctx: Ctx, pi: Stripe.PaymentIntent, err: { type: Stripe.PaymentIntent.LastPaymentError.Type; code: string; decline_code?: string; message: string; charge?: string; payment_method: Stripe.PaymentMethod }): void {
  pi.status = 'requires_payment_method';
  pi.next_action = null;
  pi.last_payment_error = {
    type: err.type, code: err.code, message: err.message, payment_method: err.payment_method, payment_method_type: 'card',
    doc_url: `https://stripe.com/docs/error-codes/${err.code.replace(/_/g, '-')}`,
    ...(err.decline_code ? { decline_code: err.decline_code } : {}), ...(err.charge ? { charge: err.charge } : {}),
  };
  pi.payment_method = null;
}

/** Money movement for a captured charge (§7): Stripe fee, destination transfer + application fee, or direct-charge fee. */
export function settleCapturedCharge(ctx: Ctx, pi: Stripe.PaymentIntent, ch: Stripe.Charge, b: CardBehaviour, owner: string): void {
  const emu = ctx.emu;
  const t = ctx.tenant;
  const amount = ch.amount_captured;
  const pending = !b.bypassPending;
  const sFee = stripeFee(emu, amount);
  const txn = addTxn(emu, t, { account: owner, amount, currency: ch.currency, type: 'charge', source: ch.id, fees: { stripe: sFee }, pending, description: ch.description });
  ch.balance_transaction = txn.id;
  const feeAmount = pi.application_fee_amount ?? 0;
  const destination = pi.transfer_data ? idOf(pi.transfer_data.destination) : null;
  if (destination) {
    const transferAmount = pi.transfer_data?.amount ?? amount;
    const fee = pi.transfer_data?.amount !== undefined && pi.transfer_data?.amount !== null ? 0 : feeAmount;
    const tr = createTransferRecord(ctx, { amount: transferAmount, currency: ch.currency, destination, sourceTransaction: ch.id, transferGroup: pi.transfer_group ?? `group_${pi.id}`, pending, metadata: {}, applicationFee: fee });
    ch.transfer = tr.transfer.id;
    ch.transfer_group = tr.transfer.transfer_group;
    if (fee > 0) {
      const f = createApplicationFee(ctx, { amount: fee, currency: ch.currency, account: destination, charge: tr.payment.id, originating: ch.id, pending });
      ch.application_fee = f.id;
      ctx.emit('application_fee.created', f, t.platformId);
    }
    ctx.emit('transfer.created', tr.transfer, t.platformId);
  } else if (owner !== t.platformId && feeAmount > 0) {
    const f = createApplicationFee(ctx, { amount: feeAmount, currency: ch.currency, account: owner, charge: ch.id, originating: null, pending });
    addTxn(emu, t, { account: owner, amount: -feeAmount, currency: ch.currency, type: 'application_fee', source: f.id, pending });
    ch.application_fee = f.id;
    ctx.emit('application_fee.created', f, t.platformId);
  }
}

export interface TransferRecord { transfer: Stripe.Transfer; payment: Stripe.Charge }

/** Creates tr_ on the platform and the py_ destination payment on the connected account. */
export function createTransferRecord(ctx: Ctx, input: { amount: number; currency: string; destination: string; sourceTransaction: string | null; transferGroup: string | null; pending: boolean; metadata: Record<string, string>; applicationFee?: number; description?: string | null }): TransferRecord {
  const emu = ctx.emu;
  const t = ctx.tenant;
  const dest = t.accounts.get(input.destination);
  if (!dest || t.owner.get(dest.id) !== t.platformId) throw invalid(`No such destination: '${input.destination}'`, 'resource_missing', 'destination');
  const transfers = dest.capabilities?.transfers;
  if (transfers !== 'active') {
    throw invalid(`Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments`, 'insufficient_capabilities_for_transfer', 'destination');
  }
  const now = ctx.now();
  const trId = t.newId('tr');
  const py = t.put(t.charges, charge(t.newId('py'), now, {
    amount: input.amount, currency: input.currency, amount_captured: input.amount, captured: true, paid: true, status: 'succeeded',
    source_transfer: trId, outcome: null, payment_method_details: { type: 'stripe_account', stripe_account: {} },
    calculated_statement_descriptor: null, receipt_url: null, application_fee_amount: input.applicationFee ?? null,
  }), dest.id);
  const fee = input.applicationFee ?? 0;
  const dTxn = addTxn(emu, t, { account: dest.id, amount: input.amount, currency: input.currency, type: 'payment', source: py.id, fees: { application: fee }, pending: input.pending });
  py.balance_transaction = dTxn.id;
  const tr = t.put(t.transfers, transfer(trId, now, {
    amount: input.amount, currency: input.currency, destination: dest.id, destination_payment: py.id, source_transaction: input.sourceTransaction,
    transfer_group: input.transferGroup, metadata: input.metadata, description: input.description ?? null,
  }), t.platformId);
  const pTxn = addTxn(emu, t, { account: t.platformId, amount: -input.amount, currency: input.currency, type: 'transfer', source: tr.id, pending: input.pending && input.sourceTransaction !== null });
  tr.balance_transaction = pTxn.id;
  return { transfer: tr, payment: py };
}

export function createApplicationFee(ctx: Ctx, input: { amount: number; currency: string; account: string; charge: string; originating: string | null; pending: boolean }): Stripe.ApplicationFee {
  const t = ctx.tenant;
  const f = t.put(t.appFees, applicationFee(t.newId('fee'), ctx.now(), {
    amount: input.amount, currency: input.currency, account: input.account, application: t.clientId, charge: input.charge,
    originating_transaction: input.originating,
  }), t.platformId);
  const txn = addTxn(ctx.emu, t, { account: t.platformId, amount: input.amount, currency: input.currency, type: 'application_fee', source: f.id, pending: input.pending });
  f.balance_transaction = txn.id;
  return f;
}

export const AUTHORIZATION_TTL_SECONDS = 7 * 86400;

/** Uncaptured authorizations expire after 7 days on the clock: PI canceled (automatic), charge.expired. */
function scheduleAuthorizationExpiry(ctx: Ctx, pi: Stripe.PaymentIntent, ch: Stripe.Charge, owner: string): void {
  const emu = ctx.emu;
  const t = ctx.tenant;
  emu.clock.schedule(ctx.now() + AUTHORIZATION_TTL_SECONDS, `auth expiry ${pi.id}`, () => {
    if (pi.status !== 'requires_capture' || pi.latest_charge !== ch.id) return;
    pi.status = 'canceled';
    pi.cancellation_reason = 'automatic';
    pi.canceled_at = emu.clock.now();
    pi.amount_capturable = 0;
    ch.amount_refunded = ch.amount;
    ch.refunded = true;
    emu.emit(t, 'charge.expired', ch, { account: owner, request: null });
    emu.emit(t, 'payment_intent.canceled', pi, { account: owner, request: null });
  });
}
