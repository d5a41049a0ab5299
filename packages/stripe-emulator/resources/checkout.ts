import type Stripe from 'stripe';
import { formatMinimum, minimumAmount } from '../validation/currencies.js';
import type { Ctx, Result } from '../context.js';
import { ApiError, invalid, notFound } from '../errors.js';
import { secretFor } from '../ids.js';
import { checkoutSession, lineItem, price, product } from '../objects.js';
import type { Params } from '../params.js';
import { api, type Route } from '../routes.js';
import type { Tenant } from '../store.js';
import type { Emulator } from '../emulator.js';
import { createCustomer } from './customers.js';
import { createdFilter, listResult, objResult } from './list.js';
import { idOf, owned, ownedValues } from './lookup.js';
import { createCardPM, resolvePaymentMethod } from './payment_methods.js';
import { confirmIntent, createIntent, withFollowups } from './payment_intents.js';
import { confirmSetupIntent, createSetupIntent } from './setup_intents.js';

const UI_MODES: Record<string, Stripe.Checkout.Session.UiMode> = { hosted: 'hosted_page', hosted_page: 'hosted_page', embedded: 'embedded_page', embedded_page: 'embedded_page' };
const FIELDS = ['after_expiration', 'mode', 'ui_mode', 'line_items', 'payment_intent_data', 'setup_intent_data', 'customer', 'customer_email', 'customer_creation', 'client_reference_id', 'metadata', 'success_url', 'cancel_url', 'return_url', 'redirect_on_completion', 'expires_at', 'currency', 'payment_method_types', 'allowed_payment_method_types', 'locale', 'submit_type', 'billing_address_collection', 'payment_method_collection', 'automatic_tax', 'phone_number_collection', 'custom_text', 'saved_payment_method_options', 'consent_collection', 'invoice_creation', 'payment_method_options', 'allow_promotion_codes'];

interface SessionExtra { pid: Stripe.Checkout.SessionCreateParams.PaymentIntentData | undefined; sid: Stripe.Checkout.SessionCreateParams.SetupIntentData | undefined }
const extras = new WeakMap<Stripe.Checkout.Session, SessionExtra>();

function parsePid(p: Params | undefined): Stripe.Checkout.SessionCreateParams.PaymentIntentData | undefined {
  if (!p) return undefined;
  p.allow('application_fee_amount', 'transfer_data', 'on_behalf_of', 'capture_method', 'setup_future_usage', 'metadata', 'description', 'transfer_group', 'receipt_email', 'statement_descriptor', 'statement_descriptor_suffix', 'shipping');
  const td = p.obj('transfer_data');
  return {
    application_fee_amount: p.int('application_fee_amount'), on_behalf_of: p.str('on_behalf_of'),
    capture_method: p.enumOf('capture_method', ['automatic', 'automatic_async', 'manual'] as const),
    setup_future_usage: p.enumOf('setup_future_usage', ['on_session', 'off_session'] as const), metadata: p.metadata() ?? undefined,
    description: p.str('description'), transfer_group: p.str('transfer_group'), receipt_email: p.str('receipt_email'),
    transfer_data: td ? { destination: td.reqStr('destination'), amount: td.int('amount') } : undefined,
  };
}

function parseLineItems(p: Params): Stripe.Checkout.SessionCreateParams.LineItem[] {
  return p.arr('line_items').map((li) => {
    li.allow('price', 'price_data', 'quantity', 'adjustable_quantity', 'tax_rates', 'dynamic_tax_rates');
    const pd = li.obj('price_data');
    const prod = pd?.obj('product_data');
    return {
      price: li.str('price'), quantity: li.int('quantity') ?? 1,
      price_data: pd ? {
        currency: pd.reqStr('currency').toLowerCase(), unit_amount: pd.int('unit_amount'), product: pd.str('product'),
        product_data: prod ? { name: prod.reqStr('name'), description: prod.str('description'), images: prod.strArr('images'), metadata: prod.metadata() ?? undefined } : undefined,
      } : undefined,
    };
  });
}

/** Recovery settings are stored and rendered; the emulator does not create recovery URLs. */
function parseAfterExpiration(p: Params | undefined): Stripe.Checkout.SessionCreateParams.AfterExpiration | undefined {
  const rec = p?.obj('recovery');
  if (!rec) return undefined;
  return { recovery: { enabled: rec.bool('enabled') ?? false, allow_promotion_codes: rec.bool('allow_promotion_codes') } };
}

function renderAfterExpiration(a: Stripe.Checkout.SessionCreateParams.AfterExpiration | undefined): Stripe.Checkout.Session.AfterExpiration | null {
  if (!a?.recovery) return null;
  return { recovery: { allow_promotion_codes: a.recovery.allow_promotion_codes ?? false, enabled: a.recovery.enabled, expires_at: null, url: null } };
}

export function parseSessionCreate(ctx: Ctx): Stripe.Checkout.SessionCreateParams {
  const p = ctx.params.allow(...FIELDS);
  const uiRaw = p.str('ui_mode');
  if (uiRaw !== undefined && !UI_MODES[uiRaw]) throw invalid(`Invalid ui_mode: must be one of hosted_page, embedded_page, elements, form`, 'parameter_invalid_enum', 'ui_mode');
  const sid = p.obj('setup_intent_data');
  return {
    mode: p.enumOf('mode', ['payment', 'setup', 'subscription'] as const), ui_mode: uiRaw ? UI_MODES[uiRaw] : undefined,
    line_items: parseLineItems(p), payment_intent_data: parsePid(p.obj('payment_intent_data')),
    setup_intent_data: sid ? { metadata: sid.metadata() ?? undefined, on_behalf_of: sid.str('on_behalf_of'), description: sid.str('description') } : undefined,
    customer: p.str('customer'), customer_email: p.str('customer_email'),
    customer_creation: p.enumOf('customer_creation', ['always', 'if_required'] as const), client_reference_id: p.str('client_reference_id'),
    metadata: p.metadata() ?? undefined, success_url: p.str('success_url'), cancel_url: p.str('cancel_url'), return_url: p.str('return_url'),
    redirect_on_completion: p.enumOf('redirect_on_completion', ['always', 'if_required', 'never'] as const), expires_at: p.int('expires_at'),
    currency: p.str('currency'), locale: p.str('locale') === undefined ? undefined : 'auto',
    after_expiration: parseAfterExpiration(p.obj('after_expiration')),
  };
}

function create(ctx: Ctx): Result {
  const t = ctx.tenant;
  const params = parseSessionCreate(ctx);
  const mode = params.mode;
  if (!mode) throw invalid('Missing required param: mode.', 'parameter_missing', 'mode');
  if (mode === 'subscription') throw invalid('Subscription mode is not supported by the emulator.', 'parameter_invalid_enum', 'mode');
  const ui = params.ui_mode ?? 'hosted_page';
  const now = ctx.now();
  if (ui === 'hosted_page') {
    if (params.return_url) throw invalid('You can only specify `return_url` when `ui_mode` is `embedded_page`.', 'parameter_unknown', 'return_url');
  } else {
    if (params.success_url || params.cancel_url) throw invalid('You cannot specify `success_url` or `cancel_url` when `ui_mode` is `embedded_page`.', 'parameter_unknown', params.success_url ? 'success_url' : 'cancel_url');
    if (!params.return_url && params.redirect_on_completion !== 'never') throw invalid('Missing required param: return_url.', 'parameter_missing', 'return_url');
  }
  const expiresAt = params.expires_at ?? now + 24 * 3600;
  if (expiresAt < now + 30 * 60 - 5 || expiresAt > now + 24 * 3600 + 5) throw invalid('The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.', 'parameter_invalid_integer', 'expires_at');
  if (params.customer) owned(ctx, t.customers, params.customer, 'customer', 'customer');
  const id = t.newId('cs');
  const items: Stripe.LineItem[] = [];
  let currency = params.currency?.toLowerCase() ?? null;
  if (mode === 'payment') {
    const lines = params.line_items ?? [];
    if (lines.length === 0) throw invalid('Missing required param: line_items.', 'parameter_missing', 'line_items');
    lines.forEach((li, i) => {
      let pr: Stripe.Price;
      let name: string;
      if (li.price) {
        const existing = t.prices.get(li.price);
        if (!existing) throw notFound('price', li.price, `line_items[${i}][price]`);
        pr = existing;
        name = t.products.get(idOf(pr.product) ?? '')?.name ?? 'Item';
      } else if (li.price_data) {
        const pd = li.price_data;
        if (pd.unit_amount === undefined) throw invalid(`Missing required param: line_items[${i}][price_data][unit_amount].`, 'parameter_missing', `line_items[${i}][price_data][unit_amount]`);
        name = pd.product_data?.name ?? 'Item';
        const prodId = pd.product ?? t.put(t.products, product(t.newId('prod'), now, name, { description: pd.product_data?.description ?? null, images: pd.product_data?.images ?? [], active: false }), ctx.account).id;
        pr = t.put(t.prices, price(t.newId('price'), now, { currency: pd.currency, product: prodId, unit_amount: pd.unit_amount, active: false }), ctx.account);
      } else throw invalid(`You must specify either price or price_data in line_items[${i}].`, 'parameter_missing', `line_items[${i}]`);
      if (currency && pr.currency !== currency) throw invalid('All line items must have the same currency.', 'parameter_invalid_string', 'line_items');
      currency = pr.currency;
      items.push(lineItem(t.newId('li'), pr, li.quantity ?? 1, name));
    });
  }
  const total = items.reduce((s, li) => s + li.amount_total, 0);
  if (mode === 'payment' && currency && total < minimumAmount(currency)) throw invalid(`The Checkout Session's total amount due must add up to at least ${formatMinimum(currency)}`, 'amount_too_small', 'line_items');
  const pid = params.payment_intent_data;
  if (pid?.transfer_data) {
    const dest = t.accounts.get(pid.transfer_data.destination);
    if (!dest) throw invalid(`No such destination: '${pid.transfer_data.destination}'`, 'resource_missing', 'payment_intent_data[transfer_data][destination]');
    if (dest.capabilities?.transfers !== 'active') throw invalid('Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments', 'insufficient_capabilities_for_transfer', 'payment_intent_data[transfer_data][destination]');
  }
  if (pid?.application_fee_amount !== undefined && ctx.isPlatform && !pid.transfer_data && !pid.on_behalf_of) {
    throw invalid('Can only apply an application_fee_amount when the Checkout Session is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `payment_intent_data[transfer_data][destination]`).', 'parameter_invalid_integer', 'payment_intent_data[application_fee_amount]');
  }
  const embedded = ui === 'embedded_page';
  const meta = params.metadata && typeof params.metadata === 'object' ? Object.fromEntries(Object.entries(params.metadata).map(([k, v]) => [k, String(v)])) : {};
  const cs = t.put(t.sessions, checkoutSession(id, now, {
    mode, ui_mode: ui, expires_at: expiresAt, amount_subtotal: mode === 'payment' ? total : null, amount_total: mode === 'payment' ? total : null,
    currency, customer: params.customer ?? null, customer_email: params.customer_email ?? null, customer_creation: mode === 'payment' && !params.customer ? params.customer_creation ?? 'if_required' : null,
    client_reference_id: params.client_reference_id ?? null, metadata: meta, success_url: params.success_url ?? null, cancel_url: params.cancel_url ?? null,
    client_secret: embedded ? secretFor(id) : null, url: embedded ? null : `${ctx.publicUrl}/c/pay/${id}`,
    payment_method_collection: mode === 'setup' ? 'always' : 'if_required', after_expiration: renderAfterExpiration(params.after_expiration),
    ...(embedded ? { return_url: params.return_url, redirect_on_completion: params.redirect_on_completion ?? 'always' } : {}),
  }), ctx.account);
  t.sessionItems.set(cs.id, items);
  extras.set(cs, { pid, sid: params.setup_intent_data });
  ctx.emu.pageIndex.set(cs.id, t);
  ctx.emu.clock.schedule(expiresAt, `expire ${cs.id}`, () => { if (cs.status === 'open') expireSession(ctx.emu, t, cs); });
  return objResult(ctx, cs);
}

export function expireSession(emu: Emulator, t: Tenant, cs: Stripe.Checkout.Session): void {
  cs.status = 'expired';
  cs.url = null;
  cs.client_secret = null;
  emu.emit(t, 'checkout.session.expired', cs, { account: t.owner.get(cs.id) });
}

export interface CompleteInput { card?: string; paymentMethod?: string; email?: string; name?: string }
export type CompleteOutcome = { kind: 'complete' } | { kind: 'requires_action'; url: string } | { kind: 'declined'; message: string; error: ApiError };

/** Confirms an open session as the customer would (§8a); used by hosted pages and the control API. */
export function completeSession(outer: Ctx, cs: Stripe.Checkout.Session, input: CompleteInput): CompleteOutcome {
  const ctx = outer.asOwnerOf(cs.id);
  const t = ctx.tenant;
  if (cs.status !== 'open') throw invalid(`This Checkout Session is no longer active (status: ${cs.status}).`, 'checkout_session_not_open');
  const email = input.email ?? cs.customer_email ?? 'customer@example.com';
  const ex = extras.get(cs) ?? { pid: undefined, sid: undefined };
  const returnUrl = `${ctx.publicUrl}/c/return/${cs.id}`;
  try {
    const pm = input.paymentMethod ? resolvePaymentMethod(ctx, input.paymentMethod) : createCardPM(ctx, { number: input.card ?? '4242424242424242' }, { email, name: input.name ?? null });
    pm.billing_details.email = email;
    if (cs.mode === 'payment') {
      let pi = cs.payment_intent ? t.paymentIntents.get(idOf(cs.payment_intent) ?? '') : undefined;
      let customer = idOf(cs.customer);
      if (!customer && cs.customer_creation === 'always') {
        customer = createCustomer(ctx, { email, name: input.name }).id;
        cs.customer = customer;
      }
      if (!pi) {
        const pid = ex.pid;
        pi = createIntent(ctx, {
          amount: cs.amount_total ?? 0, currency: cs.currency ?? 'usd', customer: customer ?? undefined, application_fee_amount: pid?.application_fee_amount,
          transfer_data: pid?.transfer_data, on_behalf_of: pid?.on_behalf_of, capture_method: pid?.capture_method, setup_future_usage: pid?.setup_future_usage,
          metadata: pid?.metadata, description: pid?.description, transfer_group: pid?.transfer_group, receipt_email: pid?.receipt_email,
        }, cs.id);
        cs.payment_intent = pi.id;
      }
      const intent = pi;
      withFollowups((f) => {
        confirmIntent(ctx, intent, { paymentMethod: pm.id, returnUrl }, f);
        if (intent.status === 'succeeded' || intent.status === 'requires_capture') markComplete(ctx, cs, email, input.name);
      });
      if (intent.status === 'requires_action') return { kind: 'requires_action', url: `${ctx.publicUrl}/3ds/${intent.id}/${t.intentExtra.get(intent.id)?.token ?? ''}` };
      return { kind: 'complete' };
    }
    let si = cs.setup_intent ? t.setupIntents.get(idOf(cs.setup_intent) ?? '') : undefined;
    if (!si) {
      si = createSetupIntent(ctx, { customer: idOf(cs.customer) ?? undefined, metadata: ex.sid?.metadata, on_behalf_of: ex.sid?.on_behalf_of, description: ex.sid?.description, usage: 'off_session' }, cs.id);
      cs.setup_intent = si.id;
    }
    confirmSetupIntent(ctx, si, pm.id, returnUrl);
    if (si.status === 'requires_action') return { kind: 'requires_action', url: `${ctx.publicUrl}/3ds/${si.id}/${t.intentExtra.get(si.id)?.token ?? ''}` };
    markComplete(ctx, cs, email, input.name);
    return { kind: 'complete' };
  } catch (e) {
    if (e instanceof ApiError && e.status === 402) return { kind: 'declined', message: e.body.message, error: e };
    throw e;
  }
}

/** Marks the session complete and emits checkout.session.completed (after intent events, before charge.updated). */
export function markComplete(ctx: Ctx, cs: Stripe.Checkout.Session, email: string, name?: string): void {
  if (cs.status !== 'open') return;
  cs.status = 'complete';
  cs.payment_status = cs.mode === 'setup' ? 'no_payment_required' : 'paid';
  cs.url = null;
  cs.customer_details = { address: null, business_name: null, email, individual_name: null, name: name ?? null, phone: null, tax_exempt: 'none', tax_ids: [] };
  ctx.emit('checkout.session.completed', cs, ctx.tenant.owner.get(cs.id));
}

export function sessionByIdAnyOwner(ctx: Ctx, id: string): Stripe.Checkout.Session {
  const cs = ctx.tenant.sessions.get(id);
  if (!cs) throw notFound('checkout.session', id);
  return cs;
}

export const checkoutRoutes: Route[] = [
  api('POST', '/v1/checkout/sessions', create),
  api('GET', '/v1/checkout/sessions', (ctx) => {
    const p = ctx.params;
    const pi = p.str('payment_intent'); const cus = p.str('customer'); const status = p.str('status'); const si = p.str('setup_intent');
    const created = createdFilter(ctx);
    return listResult(ctx, ownedValues(ctx, ctx.tenant.sessions).filter((s) => (!pi || s.payment_intent === pi) && (!cus || s.customer === cus) && (!status || s.status === status) && (!si || s.setup_intent === si) && created(s)), '/v1/checkout/sessions');
  }),
  api('GET', '/v1/checkout/sessions/:id', (ctx) => {
    const cs = owned(ctx, ctx.tenant.sessions, ctx.param('id'), 'checkout.session', 'session');
    const expand = ctx.expand();
    if (expand.includes('line_items')) {
      const items = ctx.tenant.sessionItems.get(cs.id) ?? [];
      return objResult(ctx, { ...cs, line_items: { object: 'list', data: items, has_more: false, url: `/v1/checkout/sessions/${cs.id}/line_items` } });
    }
    return objResult(ctx, cs);
  }),
  api('GET', '/v1/checkout/sessions/:id/line_items', (ctx) => {
    const cs = owned(ctx, ctx.tenant.sessions, ctx.param('id'), 'checkout.session', 'session');
    // Items have no `created`; paginate keeps insertion order reversed, so reverse to list them in session order.
    return listResult(ctx, [...(ctx.tenant.sessionItems.get(cs.id) ?? [])].reverse(), `/v1/checkout/sessions/${cs.id}/line_items`);
  }),
  api('POST', '/v1/checkout/sessions/:id/expire', (ctx) => {
    const cs = owned(ctx, ctx.tenant.sessions, ctx.param('id'), 'checkout.session', 'session');
    if (cs.status !== 'open') throw invalid(`Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${cs.status}".`, 'checkout_session_not_open');
    expireSession(ctx.emu, ctx.tenant, cs);
    return objResult(ctx, cs);
  }),
  api('POST', '/_emu/checkout/sessions/:id/complete', (ctx) => {
    const cs = sessionByIdAnyOwner(ctx, ctx.param('id'));
    const p = ctx.params;
    const outcome = completeSession(ctx, cs, { card: p.str('card')?.replace(/\s+/g, ''), paymentMethod: p.str('payment_method'), email: p.str('email'), name: p.str('name') });
    if (outcome.kind === 'declined') throw outcome.error;
    return objResult(ctx.asOwnerOf(cs.id), { ...cs, ...(outcome.kind === 'requires_action' ? { next_action_url: outcome.url } : {}) });
  }),
];
