import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { decodeForm } from '../form.js';
import { startHarness, stripeError, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h.close(); });

async function raw(method: string, path: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const res = await fetch(`${h.emulator.url}${path}`, { method, headers: { Authorization: `Bearer ${h.key}`, 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: method === 'GET' ? undefined : body });
  const json: Record<string, unknown> = await res.json();
  return { status: res.status, headers: res.headers, json };
}

describe('form decoding', () => {
  it('decodes qs brackets, indexed arrays and empty values', () => {
    const f = decodeForm('line_items[0][price_data][currency]=usd&line_items[0][quantity]=2&line_items[1][price]=price_x&expand[]=a&expand[]=b&metadata[k]=&name=A+B%21');
    expect(f).toEqual({ line_items: [{ price_data: { currency: 'usd' }, quantity: '2' }, { price: 'price_x' }], expand: ['a', 'b'], metadata: { k: '' }, name: 'A B!' });
  });
});

describe('auth and errors', () => {
  it('rejects missing and malformed keys with 401', async () => {
    const none = await fetch(`${h.emulator.url}/v1/customers`);
    expect(none.status).toBe(401);
    const e = await stripeError(h.clientFor('pk_live_nope').customers.list());
    expect(e.statusCode).toBe(401);
    expect(e.type).toBe('StripeAuthenticationError');
  });
  it('unknown params, missing params, unknown routes, resource_missing', async () => {
    const unknown = await raw('POST', '/v1/customers', 'emial=x@y.z');
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toMatchObject({ type: 'invalid_request_error', code: 'parameter_unknown', param: 'emial' });
    const missing = await stripeError(h.stripe.paymentIntents.create({ currency: 'usd' } as Stripe.PaymentIntentCreateParams)); // deliberately invalid params
    expect(missing.code).toBe('parameter_missing');
    expect(missing.param).toBe('amount');
    const route = await raw('GET', '/v1/nope', '');
    expect(route.status).toBe(404);
    const nf = await stripeError(h.stripe.customers.retrieve('cus_doesnotexist'));
    expect(nf.statusCode).toBe(404);
    expect(nf.code).toBe('resource_missing');
    expect(nf.message).toBe("No such customer: 'cus_doesnotexist'");
  });
  it('sends Request-Id and echoes Stripe-Version', async () => {
    const r = await raw('GET', '/v1/customers', '', { 'Stripe-Version': '2025-01-27.acacia' });
    expect(r.headers.get('request-id')).toMatch(/^req_/);
    expect(r.headers.get('stripe-version')).toBe('2025-01-27.acacia');
  });
});

describe('idempotency', () => {
  it('replays the first response for the same key and params', async () => {
    const a = await raw('POST', '/v1/customers', 'email=idem@example.com', { 'Idempotency-Key': 'k-replay' });
    const b = await raw('POST', '/v1/customers', 'email=idem@example.com', { 'Idempotency-Key': 'k-replay' });
    expect(b.json.id).toBe(a.json.id);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    expect(b.headers.get('original-request')).toBe(a.headers.get('request-id'));
    const viaSdk1 = await h.stripe.customers.create({ email: 'sdk@example.com' }, { idempotencyKey: 'k-sdk' });
    const viaSdk2 = await h.stripe.customers.create({ email: 'sdk@example.com' }, { idempotencyKey: 'k-sdk' });
    expect(viaSdk2.id).toBe(viaSdk1.id);
    const list = await h.stripe.customers.list({ email: 'sdk@example.com' });
    expect(list.data).toHaveLength(1);
  });
  it('rejects the same key with different params (400 idempotency_error)', async () => {
    await h.stripe.customers.create({ email: 'one@example.com' }, { idempotencyKey: 'k-mismatch' });
    const e = await stripeError(h.stripe.customers.create({ email: 'two@example.com' }, { idempotencyKey: 'k-mismatch' }));
    expect(e.statusCode).toBe(400);
    expect(e.type).toBe('StripeIdempotencyError');
  });
  it('answers 409 while the first request with that key is in flight', async () => {
    h.receiver.delayMs = 300;
    try {
      const first = raw('POST', '/v1/customers', 'email=slow@example.com', { 'Idempotency-Key': 'k-concurrent' });
      await new Promise((r) => setTimeout(r, 50));
      const second = await raw('POST', '/v1/customers', 'email=slow@example.com', { 'Idempotency-Key': 'k-concurrent' });
      expect(second.status).toBe(409);
      expect(second.headers.get('stripe-should-retry')).toBe('true');
      const done = await first;
      expect(done.status).toBe(200);
      const third = await raw('POST', '/v1/customers', 'email=slow@example.com', { 'Idempotency-Key': 'k-concurrent' });
      expect(third.json.id).toBe(done.json.id);
    } finally {
      h.receiver.delayMs = 0;
    }
  });
  it('does not store validation failures (a corrected retry with the same key runs)', async () => {
    const bad = await raw('POST', '/v1/customers', 'bogus=1', { 'Idempotency-Key': 'k-invalid' });
    expect(bad.status).toBe(400);
    const again = await raw('POST', '/v1/customers', 'bogus=1', { 'Idempotency-Key': 'k-invalid' });
    expect(again.headers.get('idempotent-replayed')).toBeNull();
  });
});

describe('lists, pagination, expand', () => {
  it('paginates newest first with starting_after / ending_before', async () => {
    const s = h.clientFor(`sk_test_pagination_${Date.now()}`);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await s.customers.create({ name: `c${i}` })).id);
    const page1 = await s.customers.list({ limit: 2 });
    expect(page1.object).toBe('list');
    expect(page1.url).toBe('/v1/customers');
    expect(page1.data.map((c) => c.id)).toEqual([ids[4], ids[3]]);
    expect(page1.has_more).toBe(true);
    const page2 = await s.customers.list({ limit: 2, starting_after: ids[3] });
    expect(page2.data.map((c) => c.id)).toEqual([ids[2], ids[1]]);
    const last = await s.customers.list({ limit: 10, starting_after: ids[1] });
    expect(last.data.map((c) => c.id)).toEqual([ids[0]]);
    expect(last.has_more).toBe(false);
    const before = await s.customers.list({ limit: 2, ending_before: ids[1] });
    expect(before.data.map((c) => c.id)).toEqual([ids[3], ids[2]]);
    const all: string[] = [];
    for await (const c of s.customers.list({ limit: 2 })) all.push(c.id);
    expect(all).toEqual([...ids].reverse());
  });
  it('expands nested references', async () => {
    const pi = await h.stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, expand: ['latest_charge.balance_transaction'] });
    expect(pi.status).toBe('succeeded');
    const ch = pi.latest_charge;
    if (typeof ch === 'string' || ch === null) throw new Error('latest_charge not expanded');
    const txn = ch.balance_transaction;
    if (typeof txn === 'string' || txn === null) throw new Error('balance_transaction not expanded');
    expect(txn.amount).toBe(2000);
    expect(txn.fee).toBe(Math.round(2000 * 0.029) + 30);
    const charges = await h.stripe.charges.list({ payment_intent: pi.id, expand: ['data.balance_transaction'] });
    expect(typeof charges.data[0].balance_transaction).toBe('object');
  });
});

describe('tenants, accounts, clock, log, faults', () => {
  it('isolates state per secret key', async () => {
    const a = h.clientFor('sk_test_tenant_a');
    const b = h.clientFor('sk_test_tenant_b');
    const c = await a.customers.create({ email: 'a@example.com' });
    expect((await stripeError(b.customers.retrieve(c.id))).statusCode).toBe(404);
    const tenantA = await h.control<{ account: string; publishable_key: string; client_id: string; webhook_secret: string }>('GET', '/_emu/tenant', undefined, 'sk_test_tenant_a');
    const tenantB = await h.control<{ account: string }>('GET', '/_emu/tenant', undefined, 'sk_test_tenant_b');
    expect(tenantA.account).toMatch(/^acct_/);
    expect(tenantA.account).not.toBe(tenantB.account);
    expect(tenantA.publishable_key).toMatch(/^pk_test_/);
    expect(tenantA.client_id).toMatch(/^ca_/);
    expect(tenantA.webhook_secret).toMatch(/^whsec_/);
  });
  it('scopes objects by Stripe-Account', async () => {
    const acct = await h.stripe.accounts.create({ type: 'express' });
    const onConnected = await h.stripe.customers.create({ email: 'direct@example.com' }, { stripeAccount: acct.id });
    expect((await stripeError(h.stripe.customers.retrieve(onConnected.id))).statusCode).toBe(404);
    expect((await h.stripe.customers.retrieve(onConnected.id, {}, { stripeAccount: acct.id })).id).toBe(onConnected.id);
    const platformCus = await h.stripe.customers.create({ email: 'p@example.com' });
    expect((await stripeError(h.stripe.customers.retrieve(platformCus.id, {}, { stripeAccount: acct.id }))).statusCode).toBe(404);
    const bad = await stripeError(h.stripe.customers.list({}, { stripeAccount: 'acct_1NotConnected000' }));
    expect(bad.statusCode).toBe(403);
    expect(bad.code).toBe('account_invalid');
  });
  it('advances the simulated clock', async () => {
    const before = await h.control<{ now: number }>('GET', '/_emu/clock');
    const after = await h.control<{ now: number }>('POST', '/_emu/clock/advance', { seconds: 3600 });
    expect(after.now - before.now).toBeGreaterThanOrEqual(3600);
    const c = await h.stripe.customers.create({});
    expect(c.created).toBeGreaterThanOrEqual(after.now);
  });
  it('logs requests with decoded params', async () => {
    const key = `sk_test_log_${Date.now()}`;
    await h.clientFor(key).customers.create({ email: 'log@example.com', metadata: { order: '42' } });
    const log = await h.control<{ data: { method: string; path: string; params: Record<string, unknown>; status: number; headers: Record<string, string> }[] }>('GET', '/_emu/requests', undefined, key);
    const entry = log.data.find((r) => r.path === '/v1/customers' && r.method === 'POST');
    expect(entry?.params).toEqual({ email: 'log@example.com', metadata: { order: '42' } });
    expect(entry?.status).toBe(200);
    expect(entry?.headers['idempotency-key']).toMatch(/^stripe-node-retry-/);
  });
  it('injects faults that the SDK retries with the same idempotency key', async () => {
    const key = `sk_test_fault_${Date.now()}`;
    await h.control('POST', '/_emu/faults', { path: '/v1/customers', status: 500, times: 1 }, key);
    const s = new Stripe(key, { host: '127.0.0.1', port: h.emulator.port, protocol: 'http', telemetry: false, maxNetworkRetries: 1 });
    const c = await s.customers.create({ email: 'retry@example.com' });
    expect(c.id).toMatch(/^cus_/);
    const log = await h.control<{ data: { status: number; path: string }[] }>('GET', '/_emu/requests', undefined, key);
    expect(log.data.filter((r) => r.path === '/v1/customers').map((r) => r.status)).toEqual([500, 200]);
    expect((await s.customers.list()).data).toHaveLength(1);
  });
});
