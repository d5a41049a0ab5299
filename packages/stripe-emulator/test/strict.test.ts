import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINE_ITEM, onboardedAccount, startHarness, stripeError, type Harness } from './harness.js';

/** Strict request validation: the emulator refuses what Stripe refuses, with Stripe's status, error type and code. */
let h: Harness;
beforeAll(async () => { h = await startHarness(); }, 120_000);
afterAll(async () => { await h.close(); });

type Raw = { type?: string; code?: string; param?: string; message?: string; doc_url?: string; request_log_url?: string };
function raw(e: InstanceType<typeof Stripe.errors.StripeError>): Raw {
  const r: Raw = e.raw ?? {};
  return r;
}

async function refused(p: Promise<unknown>, code: string | undefined, param: string): Promise<Raw> {
  const e = await stripeError(p);
  expect(e.statusCode).toBe(400);
  expect(e).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  expect(raw(e).type).toBe('invalid_request_error');
  expect(e.code).toBe(code);
  expect(e.param).toBe(param);
  return raw(e);
}

describe('unknown parameters at any depth and in query strings', () => {
  it('refuses an unknown key inside a line item (400 parameter_unknown, bracketed param)', async () => {
    const item = { ...LINE_ITEM, price_data: { ...LINE_ITEM.price_data, colour: 'blue' } };
    const r = await refused(h.stripe.checkout.sessions.create({ mode: 'payment', success_url: 'https://x.test/ok', line_items: [item] }), 'parameter_unknown', 'line_items[0][price_data][colour]');
    expect(r.message).toBe('Received unknown parameter: line_items[0][price_data][colour]');
  });

  it('refuses stripeAccount passed as a parameter instead of a request option (query string)', async () => {
    const d = await onboardedAccount(h);
    const params = { expand: [], stripeAccount: d.id };
    await refused(h.stripe.balance.retrieve(params), 'parameter_unknown', 'stripeAccount');
    // the same call with the request option acts as the connected account
    const own = await h.stripe.balance.retrieve({}, { stripeAccount: d.id });
    expect(own.object).toBe('balance');
  });

  it('refuses unknown list filters', async () => {
    const params = { limit: 3, emial: 'x@example.com' };
    await refused(h.stripe.customers.list(params), 'parameter_unknown', 'emial');
  });

  it('does not store a refused request under its idempotency key', async () => {
    const bad = { amount: 2000, currency: 'usd', colour: 'red' };
    await refused(h.stripe.paymentIntents.create(bad, { idempotencyKey: 'strict-idem-1' }), 'parameter_unknown', 'colour');
    const ok = await h.stripe.paymentIntents.create({ amount: 2000, currency: 'usd' }, { idempotencyKey: 'strict-idem-1' });
    expect(ok.amount).toBe(2000);
  });
});

describe('types, enums, required parameters', () => {
  it('refuses a non-integer amount (parameter_invalid_integer)', async () => {
    const params = { amount: 'twenty' as unknown as number, currency: 'usd' };
    const r = await refused(h.stripe.paymentIntents.create(params), 'parameter_invalid_integer', 'amount');
    expect(r.message).toBe('Invalid integer: twenty');
  });

  it('refuses ui_mode values the pinned API version removed, accepts them on an older version', async () => {
    const legacy = 'hosted' as Stripe.Checkout.SessionCreateParams.UiMode;
    const r = await refused(h.stripe.checkout.sessions.create({ mode: 'payment', ui_mode: legacy, success_url: 'https://x.test/ok', line_items: [LINE_ITEM] }), 'parameter_invalid_enum', 'ui_mode');
    expect(r.message).toContain('must be one of');
    expect(r.message).toContain('hosted_page');
    const old = new Stripe(h.key, { host: '127.0.0.1', port: h.emulator.port, protocol: 'http', telemetry: false, maxNetworkRetries: 0, apiVersion: '2025-01-27.acacia' as Stripe.LatestApiVersion });
    const cs = await old.checkout.sessions.create({ mode: 'payment', ui_mode: legacy, success_url: 'https://x.test/ok', line_items: [LINE_ITEM] });
    expect(cs.ui_mode).toBe('hosted');
  });

  it('refuses payment_method_types, removed from PaymentIntent create in endive', async () => {
    const params = { amount: 2000, currency: 'usd', payment_method_types: ['card'] };
    await refused(h.stripe.paymentIntents.create(params), 'parameter_unknown', 'payment_method_types');
  });

  it('requires type on an account link (no default)', async () => {
    const d = await onboardedAccount(h);
    const params = { account: d.id, refresh_url: 'https://x.test/r', return_url: 'https://x.test/ok' } as Stripe.AccountLinkCreateParams;
    const r = await refused(h.stripe.accountLinks.create(params), 'parameter_missing', 'type');
    expect(r.message).toBe('Missing required param: type.');
  });

  it('accepts documented create parameters it does not act on (Checkout after_expiration)', async () => {
    const cs = await h.stripe.checkout.sessions.create({ mode: 'payment', success_url: 'https://x.test/ok', line_items: [LINE_ITEM], after_expiration: { recovery: { enabled: true } }, billing_address_collection: 'auto' });
    expect(cs.after_expiration?.recovery?.enabled).toBe(true);
  });
});

describe('currencies and minimum charge amounts', () => {
  it('refuses a currency Stripe does not support', async () => {
    const params = { amount: 2000, currency: 'xyz' };
    const r = await refused(h.stripe.paymentIntents.create(params), undefined, 'currency');
    expect(r.message).toMatch(/^Invalid currency: xyz\. Stripe currently supports these currencies: usd, aed/);
    await refused(h.stripe.checkout.sessions.create({ mode: 'payment', success_url: 'https://x.test/ok', line_items: [{ ...LINE_ITEM, price_data: { ...LINE_ITEM.price_data, currency: 'abc' } }] }), undefined, 'line_items[0][price_data][currency]');
  });

  it.each([
    ['usd', 49, 50], ['gbp', 29, 30], ['jpy', 49, 50], ['huf', 17499, 17500], ['mxn', 999, 1000], ['chf', 49, 50],
  ])('%s: %i is too small, %i is accepted', async (currency, below, minimum) => {
    const r = await refused(h.stripe.paymentIntents.create({ amount: below, currency }), 'amount_too_small', 'amount');
    expect(r.message).toMatch(/^Amount must be at least /);
    const ok = await h.stripe.paymentIntents.create({ amount: minimum, currency });
    expect(ok.amount).toBe(minimum);
  });

  it('zero-decimal minimums apply to Checkout totals too (¥49 refused)', async () => {
    const jpy = { price_data: { currency: 'jpy', unit_amount: 49, product_data: { name: 'Sticker' } }, quantity: 1 };
    await refused(h.stripe.checkout.sessions.create({ mode: 'payment', success_url: 'https://x.test/ok', line_items: [jpy] }), 'amount_too_small', 'line_items');
  });

  it('three-decimal currencies take amounts ending in 0', async () => {
    await refused(h.stripe.paymentIntents.create({ amount: 1005, currency: 'kwd' }), 'parameter_invalid_integer', 'amount');
    const ok = await h.stripe.paymentIntents.create({ amount: 1010, currency: 'kwd' });
    expect(ok.currency).toBe('kwd');
  });
});

describe('limit and expand', () => {
  it.each([0, 101, -1])('refuses limit=%i', async (limit) => {
    await refused(h.stripe.customers.list({ limit }), 'parameter_invalid_integer', 'limit');
  });

  it('accepts limit 1 and 100', async () => {
    expect((await h.stripe.customers.list({ limit: 1 })).object).toBe('list');
    expect((await h.stripe.customers.list({ limit: 100 })).object).toBe('list');
  });

  it('refuses expand of a field that is not expandable', async () => {
    const cus = await h.stripe.customers.create({ email: 'x@example.com' });
    const r = await refused(h.stripe.customers.retrieve(cus.id, { expand: ['email'] }), undefined, 'expand');
    expect(r.message).toBe('This property cannot be expanded (email).');
    await refused(h.stripe.paymentIntents.list({ expand: ['customer'] }), undefined, 'expand');
  });

  it('expands expandable and includable fields, nested and on lists', async () => {
    const cus = await h.stripe.customers.create({ email: 'y@example.com' });
    const pi = await h.stripe.paymentIntents.create({ amount: 2000, currency: 'usd', customer: cus.id, payment_method: 'pm_card_visa', confirm: true, expand: ['latest_charge.balance_transaction', 'customer'] });
    expect(typeof pi.customer === 'object' && pi.customer?.id).toBe(cus.id);
    const list = await h.stripe.paymentIntents.list({ customer: cus.id, expand: ['data.customer'] });
    expect(typeof list.data[0].customer).toBe('object');
    const cs = await h.stripe.checkout.sessions.create({ mode: 'payment', success_url: 'https://x.test/ok', line_items: [LINE_ITEM] });
    const withItems = await h.stripe.checkout.sessions.retrieve(cs.id, { expand: ['line_items', 'line_items.data.price.product'] });
    expect(withItems.line_items?.data).toHaveLength(1);
    expect(typeof withItems.line_items?.data[0].price?.product).toBe('object');
    await refused(h.stripe.checkout.sessions.retrieve(cs.id, { expand: ['line_items.data.price'] }), undefined, 'expand');
  });
});

describe('error objects', () => {
  it('carry type, code, message, param, doc_url and request_log_url', async () => {
    const e = await stripeError(h.stripe.customers.retrieve('cus_missing'));
    const r = raw(e);
    expect(e.statusCode).toBe(404);
    expect(r).toMatchObject({ type: 'invalid_request_error', code: 'resource_missing', param: 'id', doc_url: 'https://stripe.com/docs/error-codes/resource-missing' });
    expect(r.message).toBe("No such customer: 'cus_missing'");
    expect(r.request_log_url).toMatch(new RegExp(`^https://dashboard\\.stripe\\.com/test/logs/${e.requestId}\\?t=\\d+$`));
    const auth = await stripeError(h.clientFor('sk_live_nope').customers.list());
    expect(auth.statusCode).toBe(401);
    expect(raw(auth).request_log_url).toContain('/test/logs/req_');
  });
});
