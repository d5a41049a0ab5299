import type Stripe from 'stripe';
import type { Ctx } from '../context.js';
import { cardError, invalid, notFound, unexpectedState } from '../errors.js';
import { secretFor } from '../ids.js';
import { setupIntent } from '../objects.js';
import { mergeMetadata } from '../params.js';
import { render } from '../render.js';
import { api, type Route } from '../routes.js';
import { listResult, objResult } from './list.js';
import { idOf, owned, ownedValues } from './lookup.js';
import { attachPaymentMethod, cardOf, resolvePaymentMethod } from './payment_methods.js';

export function createSetupIntent(ctx: Ctx, params: Stripe.SetupIntentCreateParams, sessionId?: string): Stripe.SetupIntent {
  const t = ctx.tenant;
  if (params.customer) owned(ctx, t.customers, params.customer, 'customer', 'customer');
  const id = t.newId('seti');
  const meta = params.metadata && typeof params.metadata === 'object' ? Object.fromEntries(Object.entries(params.metadata).map(([k, v]) => [k, String(v)])) : {};
  const si = t.put(t.setupIntents, setupIntent(id, ctx.now(), {
    customer: params.customer ?? null, client_secret: secretFor(id), usage: params.usage ?? 'off_session', metadata: meta,
    description: params.description ?? null, on_behalf_of: params.on_behalf_of ?? null,
    automatic_payment_methods: { allow_redirects: 'always', enabled: true },
  }), ctx.account);
  t.intentExtra.set(si.id, { token: t.token(), authenticated: false, offSession: false, ...(sessionId ? { sessionId } : {}) });
  ctx.emu.pageIndex.set(si.id, t);
  if (params.payment_method) { si.payment_method = resolvePaymentMethod(ctx, params.payment_method).id; si.status = 'requires_confirmation'; }
  ctx.emit('setup_intent.created', si);
  return si;
}

function fail(ctx: Ctx, si: Stripe.SetupIntent, pm: Stripe.PaymentMethod, code: string, message: string, decline?: string): void {
  si.status = 'requires_payment_method';
  si.next_action = null;
  si.payment_method = null;
  si.last_setup_error = { type: code === 'setup_intent_authentication_failure' ? 'invalid_request_error' : 'card_error', code, message, payment_method: pm, payment_method_type: 'card', ...(decline ? { decline_code: decline } : {}) };
  ctx.emit('setup_intent.setup_failed', si);
}

function succeed(ctx: Ctx, si: Stripe.SetupIntent, pm: Stripe.PaymentMethod, authenticated: boolean): void {
  const customer = idOf(si.customer);
  if (customer) attachPaymentMethod(ctx, pm, customer);
  if (authenticated || cardOf(ctx, pm.id).threeDS === 'never') ctx.tenant.authenticatedPMs.add(pm.id);
  si.status = 'succeeded';
  si.next_action = null;
  si.last_setup_error = null;
  si.payment_method = pm.id;
  ctx.emit('setup_intent.succeeded', si);
}

export function confirmSetupIntent(ctx: Ctx, si: Stripe.SetupIntent, pmParam: string | undefined, returnUrl: string | undefined): Stripe.SetupIntent {
  const t = ctx.tenant;
  if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(si.status)) throw unexpectedState('setup_intent', si.id, si.status, 'confirm');
  if (pmParam) si.payment_method = resolvePaymentMethod(ctx, pmParam).id;
  const pmId = idOf(si.payment_method);
  if (!pmId) throw invalid("You cannot confirm this SetupIntent because it's missing a payment method.", 'setup_intent_unexpected_state', 'payment_method');
  const pm = owned(ctx, t.paymentMethods, pmId, 'payment_method', 'payment_method');
  const b = cardOf(ctx, pm.id);
  if (b.attach.kind === 'decline') {
    fail(ctx, si, pm, b.attach.code, b.attach.message, b.attach.decline);
    throw cardError(b.attach.code, b.attach.message, b.attach.decline, { setup_intent: render(t, si), payment_method: render(t, pm) });
  }
  if (b.threeDS !== 'never') {
    const extra = t.intentExtra.get(si.id) ?? { token: t.token(), authenticated: false, offSession: false };
    extra.token = t.token();
    if (returnUrl) extra.returnUrl = returnUrl;
    t.intentExtra.set(si.id, extra);
    si.status = 'requires_action';
    const url = `${ctx.publicUrl}/3ds/${si.id}/${extra.token}`;
    si.next_action = returnUrl
      ? { type: 'redirect_to_url', redirect_to_url: { url, return_url: returnUrl } }
      : { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: url, source: pm.id } };
    ctx.emit('setup_intent.requires_action', si);
    return si;
  }
  succeed(ctx, si, pm, false);
  return si;
}

export function authenticateSetupIntent(ctx: Ctx, si: Stripe.SetupIntent, success: boolean): void {
  if (si.status !== 'requires_action') throw unexpectedState('setup_intent', si.id, si.status, 'authenticate');
  const pm = owned(ctx, ctx.tenant.paymentMethods, idOf(si.payment_method) ?? '', 'payment_method');
  if (!success) { fail(ctx, si, pm, 'setup_intent_authentication_failure', 'We are unable to authenticate your payment method. Please choose a different payment method and try again.'); return; }
  succeed(ctx, si, pm, true);
}

function intentFor(ctx: Ctx): Stripe.SetupIntent {
  const id = ctx.param('id');
  if (ctx.viaPublishableKey) {
    const si = ctx.tenant.setupIntents.get(id);
    const secret = ctx.params.str('client_secret');
    if (!si || !secret || si.client_secret !== secret) throw notFound('setup_intent', id, 'intent');
    return si;
  }
  return owned(ctx, ctx.tenant.setupIntents, id, 'setup_intent', 'intent');
}

export const setupIntentRoutes: Route[] = [
  api('POST', '/v1/setup_intents', (ctx) => {
    const p = ctx.params.allow('customer', 'payment_method', 'usage', 'confirm', 'return_url', 'automatic_payment_methods', 'allowed_payment_method_types', 'payment_method_types', 'metadata', 'description', 'on_behalf_of', 'payment_method_options', 'mandate_data', 'use_stripe_sdk', 'single_use', 'flow_directions', 'attach_to_self', 'payment_method_data');
    const usage = p.enumOf('usage', ['on_session', 'off_session'] as const);
    const si = createSetupIntent(ctx, { customer: p.str('customer'), payment_method: p.str('payment_method'), usage, metadata: p.metadata() ?? undefined, description: p.str('description'), on_behalf_of: p.str('on_behalf_of') });
    if (p.bool('confirm')) confirmSetupIntent(ctx, si, undefined, p.str('return_url'));
    return objResult(ctx, si);
  }),
  api('GET', '/v1/setup_intents', (ctx) => {
    const customer = ctx.params.str('customer');
    return listResult(ctx, ownedValues(ctx, ctx.tenant.setupIntents).filter((s) => !customer || s.customer === customer), '/v1/setup_intents');
  }),
  api('GET', '/v1/setup_intents/:id', (ctx) => objResult(ctx, intentFor(ctx)), 'publishable'),
  api('POST', '/v1/setup_intents/:id', (ctx) => {
    const si = intentFor(ctx);
    const p = ctx.params.allow('metadata', 'payment_method', 'customer', 'description');
    if (p.raw.metadata !== undefined) si.metadata = mergeMetadata(si.metadata, p.metadata());
    const pm = p.str('payment_method');
    if (pm) { si.payment_method = resolvePaymentMethod(ctx, pm).id; si.status = 'requires_confirmation'; }
    return objResult(ctx, si);
  }),
  api('POST', '/v1/setup_intents/:id/confirm', (outer) => {
    const si = intentFor(outer);
    const ctx = outer.viaPublishableKey ? outer.asOwnerOf(si.id) : outer;
    const p = ctx.params.allow('payment_method', 'return_url', 'client_secret', 'key', 'mandate_data', 'payment_method_options', 'use_stripe_sdk', 'payment_method_data');
    confirmSetupIntent(ctx, si, p.str('payment_method'), p.str('return_url'));
    return objResult(ctx, si);
  }, 'publishable'),
  api('POST', '/v1/setup_intents/:id/cancel', (ctx) => {
    const si = intentFor(ctx);
    const p = ctx.params.allow('cancellation_reason');
    if (si.status === 'succeeded' || si.status === 'canceled') throw unexpectedState('setup_intent', si.id, si.status, 'cancel');
    si.status = 'canceled';
    si.cancellation_reason = p.enumOf('cancellation_reason', ['abandoned', 'duplicate', 'requested_by_customer'] as const) ?? null;
    ctx.emit('setup_intent.canceled', si);
    return objResult(ctx, si);
  }),
];
