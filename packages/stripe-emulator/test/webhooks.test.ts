import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { startEmulator, type RunningEmulator } from '../index.js';
import { objectId, Receiver, startHarness, stripeError, WEBHOOK_SECRET, type Harness } from './harness.js';

let h: Harness;
let extra: Receiver;
beforeAll(async () => { h = await startHarness(); extra = new Receiver(); await extra.start(); });
afterAll(async () => { await h.close(); await extra.stop(); });

interface DeliveryView { event_id: string; event_type: string; endpoint: string; status: string; attempts: number; history: { signature: string; status: number | null }[] }

describe('webhook endpoints and routing', () => {
  it('returns the secret only on create and routes platform vs connect events', async () => {
    const key = `sk_test_routing_${Date.now()}`;
    const s = h.clientFor(key);
    const platformEp = await s.webhookEndpoints.create({ url: extra.url, enabled_events: ['customer.created', 'account.updated'] });
    expect(platformEp.secret).toMatch(/^whsec_/);
    const connectEp = await s.webhookEndpoints.create({ url: extra.url + '?connect', enabled_events: ['*'], connect: true });
    expect((await s.webhookEndpoints.retrieve(platformEp.id)).secret).toBeUndefined();
    expect((await s.webhookEndpoints.list()).data).toHaveLength(2);
    extra.clear();
    await s.customers.create({ email: 'route@example.com' });
    await s.paymentIntents.create({ amount: 1000, currency: 'usd' });
    const acct = await s.accounts.create({ type: 'express' });
    await h.control('POST', `/_emu/accounts/${acct.id}/onboard`, { outcome: 'complete' }, key);
    const platformHits = extra.received.filter((r) => !r.event.account);
    const connectHits = extra.received.filter((r) => r.event.account);
    expect(platformHits.map((r) => r.event.type)).toEqual(['customer.created']);
    expect(connectHits.length).toBeGreaterThan(3);
    expect(connectHits.every((r) => r.event.account === acct.id)).toBe(true);
    for (const r of platformHits) s.webhooks.constructEvent(r.raw, r.signature, String(platformEp.secret));
    for (const r of connectHits) s.webhooks.constructEvent(r.raw, r.signature, String(connectEp.secret));
    const del = await s.webhookEndpoints.del(platformEp.id);
    expect(del.deleted).toBe(true);
  });

  it('signs JSON.stringify(event, null, 2) like stripe-node expects; tampering, wrong secret and stale timestamps fail', async () => {
    await h.stripe.customers.create({ email: 'sig@example.com' });
    const r = h.receiver.received[h.receiver.received.length - 1];
    expect(r.raw).toBe(JSON.stringify(r.event, null, 2));
    const ev = h.stripe.webhooks.constructEvent(r.raw, r.signature, WEBHOOK_SECRET);
    expect(ev.type).toBe('customer.created');
    expect(ev).toMatchObject({ object: 'event', livemode: false, api_version: '2026-10-28.endive' });
    const t = Number(/t=(\d+)/.exec(r.signature)?.[1]);
    const parity = h.stripe.webhooks.generateTestHeaderString({ payload: r.raw, secret: WEBHOOK_SECRET, timestamp: t });
    expect(r.signature).toBe(parity);
    expect(() => h.stripe.webhooks.constructEvent(r.raw.replace('sig@', 'sIg@'), r.signature, WEBHOOK_SECRET)).toThrow(Stripe.errors.StripeSignatureVerificationError);
    expect(() => h.stripe.webhooks.constructEvent(r.raw, r.signature, 'whsec_wrong')).toThrow(Stripe.errors.StripeSignatureVerificationError);
    const stale = h.stripe.webhooks.generateTestHeaderString({ payload: r.raw, secret: WEBHOOK_SECRET, timestamp: t - 301 });
    expect(() => h.stripe.webhooks.constructEvent(r.raw, stale, WEBHOOK_SECRET)).toThrow(/tolerance/);
  });

  it('events API mirrors deliveries with previous_attributes and request', async () => {
    const c = await h.stripe.customers.create({ email: 'before@example.com' });
    await h.stripe.customers.update(c.id, { email: 'after@example.com' });
    const events = await h.stripe.events.list({ type: 'customer.updated', limit: 1 });
    const ev = events.data[0];
    expect(ev.type).toBe('customer.updated');
    expect(ev.data.previous_attributes).toEqual({ email: 'before@example.com' });
    expect(ev.request?.idempotency_key).toMatch(/^stripe-node-retry-/);
    expect((await h.stripe.events.retrieve(ev.id)).id).toBe(ev.id);
    const wildcard = await h.stripe.events.list({ type: 'customer.*' });
    expect(wildcard.data.every((e) => e.type.startsWith('customer.'))).toBe(true);
    expect(ev.pending_webhooks).toBe(0);
  });
});

describe('retries, chaos and async delivery', () => {
  it('retries failed deliveries on the simulated clock, re-signed per attempt', async () => {
    h.receiver.failNext = 1;
    const c = await h.stripe.customers.create({ email: 'retry@example.com' });
    const deliveries = await h.control<{ data: DeliveryView[] }>('GET', '/_emu/deliveries');
    const d = deliveries.data.filter((x) => x.event_type === 'customer.created').pop();
    expect(d?.status).toBe('retrying');
    expect(d?.attempts).toBe(1);
    await h.control('POST', '/_emu/clock/advance', { seconds: 6 });
    const after = await h.control<{ data: DeliveryView[] }>('GET', `/_emu/deliveries?event=${d?.event_id ?? ''}`);
    const d2 = after.data.find((x) => x.endpoint === 'listen');
    expect(d2?.status).toBe('delivered');
    expect(d2?.attempts).toBe(2);
    expect(h.receiver.received.filter((r) => r.event.type === 'customer.created' && objectId(r.event) === c.id)).toHaveLength(1);
    expect(d2?.history[0].signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
  });

  it('fail_first_n + flush, duplicate, resend', async () => {
    await h.control('POST', '/_emu/webhooks/config', { fail_first_n: 2 });
    const c = await h.stripe.customers.create({ email: 'chaos@example.com' });
    const seen = (): number => h.receiver.received.filter((r) => r.event.type === 'customer.created' && objectId(r.event) === c.id).length;
    expect(seen()).toBe(0);
    await h.control('POST', '/_emu/webhooks/flush');
    expect(seen()).toBe(0);
    await h.control('POST', '/_emu/webhooks/flush');
    expect(seen()).toBe(1);
    await h.control('POST', '/_emu/webhooks/config', { fail_first_n: 0, duplicate: true });
    const c2 = await h.stripe.customers.create({ email: 'dup@example.com' });
    expect(h.receiver.received.filter((r) => objectId(r.event) === c2.id && r.event.type === 'customer.created')).toHaveLength(2);
    await h.control('POST', '/_emu/webhooks/config', { duplicate: false });
    const ev = (await h.stripe.events.list({ type: 'customer.created', limit: 1 })).data[0];
    const before = h.receiver.received.length;
    await h.control('POST', `/_emu/events/${ev.id}/resend`);
    await h.control('POST', '/_emu/webhooks/flush');
    expect(h.receiver.received.length).toBe(before + 1);
  });

  it('async mode delivers after the response (and in order)', async () => {
    const receiver = new Receiver();
    await receiver.start();
    let emu: RunningEmulator | undefined;
    try {
      emu = await startEmulator({ port: 0, deliveryMode: 'async', webhookUrl: receiver.url, webhookSecret: WEBHOOK_SECRET, quiet: true });
      const s = new Stripe('sk_test_async', { host: '127.0.0.1', port: emu.port, protocol: 'http', telemetry: false });
      receiver.delayMs = 50;
      await s.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
      expect(receiver.received.length).toBeLessThan(4);
      for (let i = 0; i < 100 && receiver.received.length < 4; i++) await new Promise((r) => setTimeout(r, 20));
      expect(receiver.types()).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded', 'charge.updated']);
      const tenant = await (await fetch(`${emu.url}/_emu/tenant`, { headers: { Authorization: 'Bearer sk_test_async' } })).json();
      expect(tenant).toMatchObject({ webhook_secret: WEBHOOK_SECRET });
    } finally {
      await emu?.close();
      await receiver.stop();
    }
  });

  it('reset clears the tenant', async () => {
    const key = `sk_test_reset_${Date.now()}`;
    const s = h.clientFor(key);
    const c = await s.customers.create({});
    await h.control('POST', '/_emu/reset', {}, key);
    expect((await stripeError(s.customers.retrieve(c.id))).statusCode).toBe(404);
  });
});

describe('sync delivery re-entrancy', () => {
  it('a webhook handler calling back into the API does not deadlock', async () => {
    const { createServer } = await import('node:http');
    const key = `sk_test_reentrant_${Date.now()}`;
    const s = h.clientFor(key);
    const seen: string[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const event: Stripe.Event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        seen.push(event.type);
        if (event.type === 'customer.created' && event.data.object.object === 'customer') {
          void s.customers.update(event.data.object.id, { metadata: { synced: 'yes' } }).then(() => { res.writeHead(200); res.end(); });
        } else { res.writeHead(200); res.end(); }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = Number(Reflect.get(server.address() ?? {}, 'port'));
    try {
      await s.webhookEndpoints.create({ url: `http://127.0.0.1:${port}/`, enabled_events: ['customer.created', 'customer.updated'] });
      const started = Date.now();
      const c = await s.customers.create({ email: 'reentrant@example.com' });
      expect(Date.now() - started).toBeLessThan(3000);
      const after = await s.customers.retrieve(c.id);
      expect('metadata' in after ? after.metadata : null).toEqual({ synced: 'yes' });
      for (let i = 0; i < 50 && !seen.includes('customer.updated'); i++) await new Promise((r) => setTimeout(r, 20));
      expect(seen).toEqual(['customer.created', 'customer.updated']);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe('per-endpoint rendering and deleted objects', () => {
  it('renders Checkout events in an older endpoint api_version', async () => {
    const key = `sk_test_version_${Date.now()}`;
    const s = h.clientFor(key);
    extra.clear();
    await s.webhookEndpoints.create({ url: extra.url, enabled_events: ['checkout.session.completed'], api_version: '2025-03-31.basil' });
    const cs = await s.checkout.sessions.create({ mode: 'payment', ui_mode: 'embedded_page', return_url: 'https://plaza.test/r', line_items: [{ price_data: { currency: 'usd', unit_amount: 1000, product_data: { name: 'x' } }, quantity: 1 }] });
    await h.control('POST', `/_emu/checkout/sessions/${cs.id}/complete`, {}, key);
    const got = extra.received.find((r) => r.event.type === 'checkout.session.completed');
    expect(got?.event.api_version).toBe('2025-03-31.basil');
    const obj: { ui_mode?: string } = JSON.parse(got?.raw ?? '{}').data.object;
    expect(obj.ui_mode).toBe('embedded');
  });
  it('deleted customers retrieve as a deleted stub', async () => {
    const c = await h.stripe.customers.create({});
    await h.stripe.customers.del(c.id);
    const got = await h.stripe.customers.retrieve(c.id);
    expect(got).toMatchObject({ id: c.id, deleted: true });
  });
});
