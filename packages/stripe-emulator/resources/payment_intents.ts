import type Stripe from 'stripe';
import { amountDecimalIssue, formatMinimum, minimumAmount } from '../validation/currencies.js';
import type { Ctx, Result } from '../context.js';
import { cardError, invalid, notFound, unexpectedState } from '../errors.js';
import { secretFor } from '../ids.js';
import { paymentIntent } from '../objects.js';
import { mergeMetadata, type Params } from '../params.js';
import { render } from '../render.js';
import { api, type Route } from '../routes.js';
import { executeCharge, failIntent, settleCapturedCharge, type Followup } from './charging.js';
import { createdFilter, listResult, objResult } from './list.js';
import { idOf, owned, ownedValues } from './lookup.js';
import { cardOf, resolvePaymentMethod } from './payment_methods.js';

const CREATE_FIELDS = ['amount', 'currency', 'customer', 'payment_method', 'confirm', 'off_session', 'capture_method', 'application_fee_amount', 'transfer_data', 'on_behalf_of', 'transfer_group', 'setup_future_usage', 'metadata', 'description', 'return_url', 'receipt_email', 'statement_descriptor', 'statement_descriptor_suffix', 'automatic_payment_methods', 'allowed_payment_method_types', 'payment_method_types', 'confirmation_method', 'error_on_requires_action', 'use_stripe_sdk', 'payment_method_options', 'shipping', 'mandate_data', 'payment_method_data'];

const CAPTURE_METHODS = ['automatic', 'automatic_async', 'manual'] as const;
const SFU = ['on_session', 'off_session'] as const;

export function parseCreate(p: Params): Stripe.PaymentIntentCreateParams {
  p.allow(...CREATE_FIELDS);
  const td = p.obj('transfer_data');
  const offRaw = p.str('off_session');
  return {
    amount: p.reqInt('amount'), currency: p.reqStr('currency').toLowerCase(), customer: p.str('customer'), payment_method: p.str('payment_method'),
    confirm: p.bool('confirm'), off_session: offRaw === 'one_off' || offRaw === 'recurring' ? offRaw : p.bool('off_session'),
    capture_method: p.enumOf('capture_method', CAPTURE_METHODS), application_fee_amount: p.int('application_fee_amount'),
    transfer_data: td ? { destination: td.reqStr('destination'), amount: td.int('amount') } : undefined,
    on_behalf_of: p.str('on_behalf_of'), transfer_group: p.str('transfer_group'), setup_future_usage: p.enumOf('setup_future_usage', SFU),
    metadata: p.metadata() ?? undefined, description: p.str('description'), return_url: p.str('return_url'), receipt_email: p.str('receipt_email'),
    statement_descriptor_suffix: p.str('statement_descriptor_suffix'),
  };
}

export function createIntent(ctx: Ctx, params: Stripe.PaymentIntentCreateParams, sessionId?: string): Stripe.PaymentIntent {
  const t = ctx.tenant;
  if (params.amount < minimumAmount(params.currency)) throw invalid(`Amount must be at least ${formatMinimum(params.currency)}`, 'amount_too_small', 'amount');
  const decimals = amountDecimalIssue(params.amount, params.currency, 'amount');
  if (decimals) throw invalid(decimals.message, decimals.code ?? undefined, decimals.param);
  if (params.customer) owned(ctx, t.customers, params.customer, 'customer', 'customer');
  if (params.application_fee_amount !== undefined && params.application_fee_amount > params.amount) throw invalid('The application fee amount must be less than or equal to the amount.', 'parameter_invalid_integer', 'application_fee_amount');
  if (params.application_fee_amount !== undefined && ctx.isPlatform && !params.transfer_data && !params.on_behalf_of) {
    throw invalid('Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `transfer_data[destination]`).', 'parameter_invalid_integer', 'application_fee_amount');
  }
  if (params.transfer_data) {
    const dest = t.accounts.get(params.transfer_data.destination);
    if (!dest) throw invalid(`No such destination: '${params.transfer_data.destination}'`, 'resource_missing', 'transfer_data[destination]');
    if (dest.capabilities?.transfers !== 'active') throw invalid('Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments', 'insufficient_capabilities_for_transfer', 'transfer_data[destination]');
  }
  const id = t.newId('pi');
  const meta = params.metadata && typeof params.metadata === 'object' ? Object.fromEntries(Object.entries(params.metadata).map(([k, v]) => [k, String(v)])) : {};
  const pi = t.put(t.paymentIntents, paymentIntent(id, ctx.now(), {
    amount: params.amount, currency: params.currency, customer: params.customer ?? null, client_secret: secretFor(id),
    capture_method: params.capture_method ?? 'automatic_async', application_fee_amount: params.application_fee_amount ?? null,
    transfer_data: params.transfer_data ? { destination: params.transfer_data.destination, ...(params.transfer_data.amount !== undefined ? { amount: params.transfer_data.amount } : {}) } : null,
    on_behalf_of: params.on_behalf_of ?? null, transfer_group: params.transfer_group ?? null, setup_future_usage: params.setup_future_usage ?? null,
    metadata: meta, description: params.description ?? null, receipt_email: params.receipt_email ?? null,
    automatic_payment_methods: { allow_redirects: 'always', enabled: true },
    statement_descriptor_suffix: params.statement_descriptor_suffix ?? null,
  }), ctx.account);
  t.intentExtra.set(pi.id, { token: t.token(), authenticated: false, offSession: false, ...(sessionId ? { sessionId } : {}) });
  ctx.emu.pageIndex.set(pi.id, t);
  if (params.payment_method) {
    pi.payment_method = resolvePaymentMethod(ctx, params.payment_method).id;
    pi.status = 'requires_confirmation';
  }
  ctx.emit('payment_intent.created', pi);
  return pi;
}

export interface ConfirmOptions { paymentMethod?: string; offSession?: boolean; returnUrl?: string }

/** §5 confirmation: 3DS → requires_action, decline → 402, success → succeeded/requires_capture. */
export function confirmIntent(ctx: Ctx, pi: Stripe.PaymentIntent, opts: ConfirmOptions, followups: Followup[]): Stripe.PaymentIntent {
  const t = ctx.tenant;
  const owner = t.owner.get(pi.id) ?? ctx.account;
  if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(pi.status)) throw unexpectedState('payment_intent', pi.id, pi.status, 'confirm');
  if (opts.paymentMethod) pi.payment_method = resolvePaymentMethod(ctx, opts.paymentMethod).id;
  const pmId = idOf(pi.payment_method);
  if (!pmId) throw invalid('You cannot confirm this PaymentIntent because it\'s missing a payment method. To confirm the PaymentIntent with a payment method, provide payment_method.', 'payment_intent_unexpected_state', 'payment_method');
  const pm = owned(ctx, t.paymentMethods, pmId, 'payment_method', 'payment_method');
  const b = cardOf(ctx, pm.id);
  const extra = t.intentExtra.get(pi.id) ?? { token: t.token(), authenticated: false, offSession: false };
  extra.offSession = opts.offSession ?? false;
  extra.authenticated = false;
  t.intentExtra.set(pi.id, extra);
  const needs3DS = b.threeDS === 'always' || (b.threeDS === 'setup' && !t.authenticatedPMs.has(pm.id));
  if (needs3DS) {
    if (opts.offSession) {
      failIntent(ctx, pi, { type: 'card_error', code: 'authentication_required', decline_code: 'authentication_required', message: 'Your card was declined. This transaction requires authentication.', payment_method: pm });
      ctx.emit('payment_intent.payment_failed', pi, owner);
      throw cardError('authentication_required', 'Your card was declined. This transaction requires authentication.', 'authentication_required', { payment_intent: render(t, pi), payment_method: render(t, pm) });
    }
    extra.token = t.token();
    if (opts.returnUrl) extra.returnUrl = opts.returnUrl;
    pi.status = 'requires_action';
    const url = `${ctx.publicUrl}/3ds/${pi.id}/${extra.token}`;
    pi.next_action = opts.returnUrl
      ? { type: 'redirect_to_url', redirect_to_url: { url, return_url: opts.returnUrl } }
      : { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: url, source: pm.id } };
    ctx.emit('payment_intent.requires_action', pi, owner);
    return pi;
  }
  executeCharge(ctx, pi, pm, false, followups);
  return pi;
}

/** Completes or fails a pending 3DS challenge (hosted page and control API). */
export function authenticateIntent(ctx: Ctx, pi: Stripe.PaymentIntent, success: boolean, followups: Followup[]): void {
  const t = ctx.tenant;
  const owner = t.owner.get(pi.id) ?? ctx.account;
  if (pi.status !== 'requires_action') throw unexpectedState('payment_intent', pi.id, pi.status, 'authenticate');
  const pmId = idOf(pi.payment_method) ?? '';
  const pm = owned(ctx, t.paymentMethods, pmId, 'payment_method');
  if (!success) {
    failIntent(ctx, pi, { type: 'invalid_request_error', code: 'payment_intent_authentication_failure', message: 'We are unable to authenticate your payment method. Please choose a different payment method and try again.', payment_method: pm });
    ctx.emit('payment_intent.payment_failed', pi, owner);
    return;
  }
  if (cardOf(ctx, pm.id).threeDS === 'setup') t.authenticatedPMs.add(pm.id);
  executeCharge(ctx, pi, pm, true, followups);
}

export function runFollowups(followups: Followup[]): void {
  for (const f of followups.splice(0)) f.run();
}

function intentFor(ctx: Ctx): Stripe.PaymentIntent {
  const id = ctx.param('id');
  if (ctx.viaPublishableKey) {
    const pi = ctx.tenant.paymentIntents.get(id);
    const secret = ctx.params.str('client_secret');
    if (!pi || !secret || pi.client_secret !== secret) throw notFound('payment_intent', id, 'intent');
    return pi;
  }
  return owned(ctx, ctx.tenant.paymentIntents, id, 'payment_intent', 'intent');
}

/** Runs an operation and its follow-ups; on card errors still runs follow-ups then rethrows. */
export function withFollowups<T>(fn: (f: Followup[]) => T): T {
  const followups: Followup[] = [];
  try {
    return fn(followups);
  } finally {
    runFollowups(followups);
  }
}

function confirm(outer: Ctx): Result {
  const pi = intentFor(outer);
  const ctx = outer.viaPublishableKey ? outer.asOwnerOf(pi.id) : outer;
  const p = ctx.params.allow('payment_method', 'off_session', 'return_url', 'client_secret', 'key', 'setup_future_usage', 'payment_method_options', 'error_on_requires_action', 'use_stripe_sdk', 'mandate_data', 'receipt_email', 'capture_method', 'payment_method_data', 'expected_payment_method_type');
  if (p.has('setup_future_usage')) pi.setup_future_usage = p.enumOf('setup_future_usage', SFU) ?? null;
  const pmd = p.obj('payment_method_data');
  let pmId = p.str('payment_method');
  if (!pmId && pmd) {
    const card = pmd.obj('card');
    if (card) pmId = resolvePaymentMethod(ctx, `pm_card_visa`).id;
  }
  const off = p.str('off_session');
  withFollowups((f) => confirmIntent(ctx, pi, { paymentMethod: pmId, offSession: off === 'true' || off === 'one_off' || off === 'recurring', returnUrl: p.str('return_url') }, f));
  return objResult(ctx, pi);
}

function capture(ctx: Ctx): Result {
  const pi = intentFor(ctx);
  const p = ctx.params.allow('amount_to_capture', 'application_fee_amount', 'metadata', 'final_capture', 'statement_descriptor', 'statement_descriptor_suffix', 'transfer_data');
  if (pi.status !== 'requires_capture') throw unexpectedState('payment_intent', pi.id, pi.status, 'capture');
  const amount = p.int('amount_to_capture') ?? pi.amount_capturable;
  if (amount > pi.amount_capturable) throw invalid('The amount to capture exceeds the capturable amount.', 'amount_too_large', 'amount_to_capture');
  const fee = p.int('application_fee_amount');
  if (fee !== undefined) pi.application_fee_amount = fee;
  const t = ctx.tenant;
  const owner = t.owner.get(pi.id) ?? ctx.account;
  const ch = t.charges.get(idOf(pi.latest_charge) ?? '');
  if (!ch) throw invalid('No charge to capture.', 'payment_intent_unexpected_state');
  ch.captured = true;
  ch.amount_captured = amount;
  if (amount < ch.amount) ch.amount_refunded = ch.amount - amount;
  pi.amount_received = amount;
  pi.amount_capturable = 0;
  pi.status = 'succeeded';
  const pm = ctx.tenant.paymentMethods.get(idOf(pi.payment_method) ?? '');
  settleCapturedCharge(ctx, pi, ch, cardOf(ctx, pm?.id ?? ''), owner);
  ctx.emit('charge.captured', ch, owner);
  ctx.emit('payment_intent.succeeded', pi, owner);
  ctx.emit('charge.updated', ch, owner, { balance_transaction: null, captured: false });
  return objResult(ctx, pi);
}

function cancel(ctx: Ctx): Result {
  const pi = intentFor(ctx);
  const p = ctx.params.allow('cancellation_reason');
  if (!['requires_payment_method', 'requires_confirmation', 'requires_action', 'requires_capture'].includes(pi.status)) throw unexpectedState('payment_intent', pi.id, pi.status, 'cancel');
  const owner = ctx.tenant.owner.get(pi.id) ?? ctx.account;
  const wasCapture = pi.status === 'requires_capture';
  pi.status = 'canceled';
  pi.canceled_at = ctx.now();
  pi.amount_capturable = 0;
  pi.next_action = null;
  pi.cancellation_reason = p.enumOf('cancellation_reason', ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'] as const) ?? null;
  if (wasCapture) {
    const ch = ctx.tenant.charges.get(idOf(pi.latest_charge) ?? '');
    if (ch) { ch.amount_refunded = ch.amount; ch.refunded = true; ctx.emit('charge.refunded', ch, owner, { amount_refunded: 0, refunded: false }); }
  }
  ctx.emit('payment_intent.canceled', pi, owner);
  return objResult(ctx, pi);
}

function update(ctx: Ctx): Result {
  const pi = intentFor(ctx);
  const p = ctx.params.allow('amount', 'currency', 'payment_method', 'metadata', 'application_fee_amount', 'description', 'customer', 'receipt_email', 'setup_future_usage', 'transfer_group', 'transfer_data', 'capture_method', 'statement_descriptor_suffix');
  if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(pi.status) && Object.keys(p.raw).some((k) => k !== 'metadata' && k !== 'description')) {
    throw unexpectedState('payment_intent', pi.id, pi.status, 'update');
  }
  const prev: Record<string, unknown> = {};
  const amount = p.int('amount');
  if (amount !== undefined) { prev.amount = pi.amount; pi.amount = amount; }
  const fee = p.int('application_fee_amount');
  if (fee !== undefined) { prev.application_fee_amount = pi.application_fee_amount; pi.application_fee_amount = fee; }
  const pm = p.str('payment_method');
  if (pm) { prev.payment_method = pi.payment_method; pi.payment_method = resolvePaymentMethod(ctx, pm).id; pi.status = 'requires_confirmation'; }
  if (p.raw.metadata !== undefined) { prev.metadata = pi.metadata; pi.metadata = mergeMetadata(pi.metadata, p.metadata()); }
  if (p.raw.description !== undefined) { prev.description = pi.description; pi.description = p.str('description') ?? null; }
  const cus = p.str('customer');
  if (cus) { owned(ctx, ctx.tenant.customers, cus, 'customer', 'customer'); prev.customer = pi.customer; pi.customer = cus; }
  const cm = p.enumOf('capture_method', CAPTURE_METHODS);
  if (cm) { prev.capture_method = pi.capture_method; pi.capture_method = cm; }
  if (p.has('setup_future_usage')) { prev.setup_future_usage = pi.setup_future_usage; pi.setup_future_usage = p.enumOf('setup_future_usage', SFU) ?? null; }
  return objResult(ctx, pi);
}

export const paymentIntentRoutes: Route[] = [
  api('POST', '/v1/payment_intents', (ctx) => {
    const params = parseCreate(ctx.params);
    const pi = createIntent(ctx, params);
    if (params.confirm) {
      const off = params.off_session;
      withFollowups((f) => confirmIntent(ctx, pi, { offSession: off === true || off === 'one_off' || off === 'recurring', returnUrl: params.return_url }, f));
    }
    return objResult(ctx, pi);
  }),
  api('GET', '/v1/payment_intents', (ctx) => {
    const customer = ctx.params.str('customer');
    const created = createdFilter(ctx);
    return listResult(ctx, ownedValues(ctx, ctx.tenant.paymentIntents).filter((pi) => (!customer || pi.customer === customer) && created(pi)), '/v1/payment_intents');
  }),
  api('GET', '/v1/payment_intents/:id', (ctx) => objResult(ctx, intentFor(ctx)), 'publishable'),
  api('POST', '/v1/payment_intents/:id', update),
  api('POST', '/v1/payment_intents/:id/confirm', confirm, 'publishable'),
  api('POST', '/v1/payment_intents/:id/capture', capture),
  api('POST', '/v1/payment_intents/:id/cancel', cancel),
];
