import type Stripe from 'stripe';
import { behaviourFor, magicCardNumber, type CardBehaviour } from '../cards.js';
import type { Ctx, Result } from '../context.js';
import { cardError, invalid, notFound } from '../errors.js';
import { cardDetails, paymentMethod } from '../objects.js';
import { mergeMetadata } from '../params.js';
import { render } from '../render.js';
import { api, type Route } from '../routes.js';
import { listResult, objResult } from './list.js';
import { owned, ownedValues } from './lookup.js';

export interface CardInput { number: string; exp_month?: number; exp_year?: number; cvc?: string }

/** Creates a card PaymentMethod from a number (402 incorrect_number for invalid numbers). */
export function createCardPM(ctx: Ctx, input: CardInput, billing: Partial<Stripe.PaymentMethod.BillingDetails> = {}): Stripe.PaymentMethod {
  const number = input.number.replace(/[\s-]/g, '');
  const b = behaviourFor(number);
  if (!b) throw cardError('incorrect_number', 'Your card number is incorrect.', undefined, {});
  const t = ctx.tenant;
  const pm = t.put(t.paymentMethods, paymentMethod(t.newId('pm'), ctx.now(), cardDetails(b, input.exp_month ?? 12, input.exp_year ?? 2034), {
    billing_details: { address: null, email: null, name: null, phone: null, tax_id: null, ...billing },
  }), ctx.account);
  t.pmCards.set(pm.id, b);
  return pm;
}

export function cardOf(ctx: Ctx, pmId: string): CardBehaviour {
  const b = ctx.tenant.pmCards.get(pmId);
  if (!b) throw invalid(`PaymentMethod ${pmId} is not a card.`, 'payment_method_invalid_parameter', 'payment_method');
  return b;
}

/** Resolves a PM id, materialising magic `pm_card_*` / `tok_*` ids as a fresh pm_ (§5). */
export function resolvePaymentMethod(ctx: Ctx, id: string, param = 'payment_method'): Stripe.PaymentMethod {
  const magic = magicCardNumber(id);
  if (magic) return createCardPM(ctx, { number: magic });
  const pm = ctx.tenant.paymentMethods.get(id);
  if (!pm || ctx.tenant.owner.get(id) !== ctx.account) throw notFound('PaymentMethod', id, param);
  return pm;
}

export function attachPaymentMethod(ctx: Ctx, pm: Stripe.PaymentMethod, customerId: string): void {
  if (pm.customer === customerId) return;
  const b = cardOf(ctx, pm.id);
  if (b.attach.kind === 'decline') {
    throw cardError(b.attach.code, b.attach.message, b.attach.decline, { payment_method: render(ctx.tenant, pm) });
  }
  pm.customer = customerId;
  ctx.emit('payment_method.attached', pm);
}

function create(ctx: Ctx): Result {
  const p = ctx.params.allow('type', 'card', 'billing_details', 'metadata', 'customer', 'payment_method', 'allow_redisplay', 'key', 'guid', 'muid', 'sid', 'payment_user_agent', 'time_on_page', 'referrer');
  const type = p.str('type') ?? 'card';
  if (type !== 'card') throw invalid(`The payment method type "${type}" is not supported by the emulator.`, 'parameter_invalid_enum', 'type');
  const card = p.obj('card');
  if (!card) throw invalid('Missing required param: card.', 'parameter_missing', 'card');
  const token = card.str('token');
  let number: string;
  if (token) {
    const n = magicCardNumber(token);
    if (!n) throw notFound('token', token, 'card[token]');
    number = n;
  } else number = card.reqStr('number');
  const bd = p.obj('billing_details');
  const pm = createCardPM(ctx, { number, exp_month: card.int('exp_month'), exp_year: card.int('exp_year'), cvc: card.str('cvc') }, bd ? { email: bd.str('email') ?? null, name: bd.str('name') ?? null, phone: bd.str('phone') ?? null } : {});
  pm.metadata = mergeMetadata(null, p.metadata());
  return objResult(ctx, pm);
}

export const paymentMethodRoutes: Route[] = [
  api('POST', '/v1/payment_methods', create, 'publishable'),
  api('GET', '/v1/payment_methods/:id', (ctx) => objResult(ctx, resolveExisting(ctx))),
  api('POST', '/v1/payment_methods/:id', (ctx) => {
    const pm = resolveExisting(ctx);
    const p = ctx.params.allow('metadata', 'billing_details', 'allow_redisplay');
    const prev = { metadata: pm.metadata };
    if (p.raw.metadata !== undefined) pm.metadata = mergeMetadata(pm.metadata, p.metadata());
    ctx.emit('payment_method.updated', pm, ctx.account, JSON.parse(JSON.stringify(prev)));
    return objResult(ctx, pm);
  }),
  api('POST', '/v1/payment_methods/:id/attach', (ctx) => {
    const p = ctx.params.allow('customer');
    const customerId = p.reqStr('customer');
    owned(ctx, ctx.tenant.customers, customerId, 'customer', 'customer');
    const pm = resolvePaymentMethod(ctx, ctx.param('id'), 'payment_method');
    attachPaymentMethod(ctx, pm, customerId);
    return objResult(ctx, pm);
  }),
  api('POST', '/v1/payment_methods/:id/detach', (ctx) => {
    const pm = resolveExisting(ctx);
    if (!pm.customer) throw invalid(`The payment method you provided is not attached to a customer so detachment is impossible.`, 'payment_method_unexpected_state');
    const previousCustomer = typeof pm.customer === 'string' ? pm.customer : pm.customer.id;
    pm.customer = null;
    ctx.emit('payment_method.detached', pm, ctx.account, { customer: previousCustomer });
    return objResult(ctx, pm);
  }),
  api('GET', '/v1/payment_methods', (ctx) => {
    const customer = ctx.params.str('customer');
    const items = ownedValues(ctx, ctx.tenant.paymentMethods).filter((pm) => !customer || pm.customer === customer);
    return listResult(ctx, customer ? items : items.filter((pm) => pm.customer !== null), '/v1/payment_methods');
  }),
  api('GET', '/v1/customers/:id/payment_methods', (ctx) => {
    const c = owned(ctx, ctx.tenant.customers, ctx.param('id'), 'customer');
    return listResult(ctx, ownedValues(ctx, ctx.tenant.paymentMethods).filter((pm) => pm.customer === c.id), `/v1/customers/${c.id}/payment_methods`);
  }),
];

function resolveExisting(ctx: Ctx): Stripe.PaymentMethod {
  return owned(ctx, ctx.tenant.paymentMethods, ctx.param('id'), 'payment_method');
}
