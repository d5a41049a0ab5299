import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { startEmulator, type RunningEmulator } from '../index.js';
import { LINE_ITEM, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h.close(); });

const local = (url: string): string => url.replace(/^http:\/\/localhost:\d+/, h.emulator.url);
const form = (body: Record<string, string>): RequestInit => ({ method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString() });

describe('hosted pages over plain HTTP (no JS needed)', () => {
  it('hosted checkout: decline re-renders with the error banner, success 303s to success_url', async () => {
    const cs = await h.stripe.checkout.sessions.create({ mode: 'payment', success_url: 'https://plaza.test/ok?cs={CHECKOUT_SESSION_ID}', cancel_url: 'https://plaza.test/back', line_items: [LINE_ITEM] });
    const page = await (await fetch(local(String(cs.url)))).text();
    expect(page).toContain('data-testid="pay-button"');
    expect(page).toContain('Pay $100.00');
    expect(page).toContain('href="https://plaza.test/back"');
    const declined = await fetch(local(String(cs.url)), form({ card: '4000 0000 0000 9995', email: 'a@b.c' }));
    expect(declined.status).toBe(200);
    expect(await declined.text()).toContain('data-testid="checkout-error"');
    const ok = await fetch(local(String(cs.url)), form({ card: '4242 4242 4242 4242', email: 'a@b.c' }));
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`https://plaza.test/ok?cs=${cs.id}`);
  });

  it('3DS page redirects to the PaymentIntent return_url with redirect_status', async () => {
    const pi = await h.stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_threeDSecure2Required', confirm: true, return_url: 'https://plaza.test/after-3ds' });
    const url = local(String(pi.next_action?.redirect_to_url?.url));
    expect(await (await fetch(url)).text()).toContain('data-testid="3ds-complete"');
    const res = await fetch(url, form({ action: 'complete' }));
    const loc = new URL(String(res.headers.get('location')));
    expect(loc.origin + loc.pathname).toBe('https://plaza.test/after-3ds');
    expect(loc.searchParams.get('payment_intent')).toBe(pi.id);
    expect(loc.searchParams.get('payment_intent_client_secret')).toBe(pi.client_secret);
    expect(loc.searchParams.get('redirect_status')).toBe('succeeded');
    expect(await (await fetch(url)).text()).toContain('3ds-unavailable');
  });

  it('serves the Stripe.js shim with CORS and pk-authenticated confirm', async () => {
    const js = await fetch(`${h.emulator.url}/js/stripe.js`);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect(js.headers.get('access-control-allow-origin')).toBe('*');
    expect(await js.text()).toContain("Stripe.version='endive'");
    const tenant = await h.control<{ publishable_key: string }>('GET', '/_emu/tenant');
    const pi = await h.stripe.paymentIntents.create({ amount: 2000, currency: 'usd' });
    const pre = await fetch(`${h.emulator.url}/v1/payment_intents/${pi.id}/confirm`, { method: 'OPTIONS' });
    expect(pre.status).toBe(204);
    const pk = new Stripe(tenant.publishable_key, { host: '127.0.0.1', port: h.emulator.port, protocol: 'http', telemetry: false });
    const pm = await pk.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: 2034, cvc: '123' } });
    const confirmed = await fetch(`${h.emulator.url}/v1/payment_intents/${pi.id}/confirm`, { method: 'POST', headers: { Authorization: `Bearer ${tenant.publishable_key}`, 'Content-Type': 'application/x-www-form-urlencoded' }, body: `client_secret=${pi.client_secret}&payment_method=${pm.id}` });
    const body: { status: string } = await confirmed.json();
    expect(body.status).toBe('succeeded');
    const noSecret = await fetch(`${h.emulator.url}/v1/payment_intents/${pi.id}`, { headers: { Authorization: `Bearer ${tenant.publishable_key}` } });
    expect(noSecret.status).toBe(404);
    const pkOnSecretRoute = await fetch(`${h.emulator.url}/v1/customers`, { headers: { Authorization: `Bearer ${tenant.publishable_key}` } });
    expect(pkOnSecretRoute.status).toBe(401);
  });

  it('express dashboard and receipts render', async () => {
    const acct = await h.stripe.accounts.create({ type: 'express' });
    const link = await h.stripe.accounts.createLoginLink(acct.id);
    expect(await (await fetch(local(link.url))).text()).toContain('data-testid="express-dashboard"');
    const pi = await h.stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, expand: ['latest_charge'] });
    const ch = pi.latest_charge;
    if (!ch || typeof ch === 'string') throw new Error('not expanded');
    expect(await (await fetch(local(String(ch.receipt_url)))).text()).toContain('$20.00');
  });
});

describe('OAuth redirect allow-list', () => {
  let emu: RunningEmulator;
  beforeAll(async () => { emu = await startEmulator({ port: 0, oauthRedirects: ['https://plaza.test/oauth/'], quiet: true }); });
  afterAll(async () => { await emu.close(); });
  it('rejects redirect_uri outside STRIPE_EMULATOR_OAUTH_REDIRECTS', async () => {
    const t: { client_id: string } = await (await fetch(`${emu.url}/_emu/tenant`, { headers: { Authorization: 'Bearer sk_test_redirects_allow' } })).json();
    const bad = await (await fetch(`${emu.url}/oauth/authorize?client_id=${t.client_id}&redirect_uri=${encodeURIComponent('https://evil.test/cb')}`)).text();
    expect(bad).toContain('data-testid="oauth-error"');
    const good = await (await fetch(`${emu.url}/oauth/authorize?client_id=${t.client_id}&redirect_uri=${encodeURIComponent('https://plaza.test/oauth/callback')}`)).text();
    expect(good).toContain('data-testid="oauth-connect-new"');
  });
});
