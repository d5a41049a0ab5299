import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LINE_ITEM, onboardedAccount, startHarness, stripeError, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h.close(); });
beforeEach(() => { h.receiver.clear(); });

describe('clock-driven lifecycles', () => {
  it('uncaptured authorizations expire after 7 days', async () => {
    const pi = await h.stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' });
    h.receiver.clear();
    await h.control('POST', '/_emu/clock/advance', { seconds: 7 * 86400 + 1 });
    const after = await h.stripe.paymentIntents.retrieve(pi.id);
    expect(after).toMatchObject({ status: 'canceled', cancellation_reason: 'automatic' });
    expect(h.receiver.types()).toEqual(expect.arrayContaining(['charge.expired', 'payment_intent.canceled']));
    const expired = h.receiver.received.find((r) => r.event.type === 'charge.expired');
    expect(expired?.event.request).toBeNull();
  });

  it('payouts go pending → in_transit → paid, and fail for the 000111111116 bank account', async () => {
    const d = await onboardedAccount(h);
    await h.stripe.paymentIntents.create({ amount: 10000, currency: 'usd', payment_method: 'pm_card_bypassPending', confirm: true, application_fee_amount: 100 }, { stripeAccount: d.id });
    h.receiver.clear();
    const po = await h.stripe.payouts.create({ amount: 1000, currency: 'usd' }, { stripeAccount: d.id });
    expect(po).toMatchObject({ status: 'pending', destination: d.external_accounts?.data[0].id });
    await h.control('POST', '/_emu/clock/advance', { seconds: 86400 + 1 });
    expect((await h.stripe.payouts.retrieve(po.id, {}, { stripeAccount: d.id })).status).toBe('in_transit');
    await h.control('POST', '/_emu/clock/advance', { seconds: 86400 + 1 });
    expect((await h.stripe.payouts.retrieve(po.id, {}, { stripeAccount: d.id })).status).toBe('paid');
    expect(h.receiver.received.filter((r) => r.event.type.startsWith('payout.')).map((r) => `${r.event.account ?? ''}:${r.event.type}`)).toEqual([`${d.id}:payout.created`, `${d.id}:payout.updated`, `${d.id}:payout.updated`, `${d.id}:payout.paid`]);

    const failing = await h.stripe.accounts.create({ type: 'custom', business_type: 'individual', individual: { first_name: 'F', last_name: 'L' }, tos_acceptance: { date: 1700000000, ip: '127.0.0.1' }, external_account: { object: 'bank_account', country: 'US', currency: 'usd', routing_number: '110000000', account_number: '000111111116' }, capabilities: { card_payments: { requested: true }, transfers: { requested: true } } });
    expect(failing.charges_enabled).toBe(true);
    await h.stripe.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: 'pm_card_bypassPending', confirm: true }, { stripeAccount: failing.id });
    const bad = await h.stripe.payouts.create({ amount: 1000, currency: 'usd' }, { stripeAccount: failing.id });
    const before = (await h.stripe.balance.retrieve({}, { stripeAccount: failing.id })).available[0].amount;
    await h.control('POST', '/_emu/clock/advance', { seconds: 2 * 86400 + 1 });
    const failed = await h.stripe.payouts.retrieve(bad.id, {}, { stripeAccount: failing.id });
    expect(failed.status).toBe('failed');
    expect((await h.stripe.balance.retrieve({}, { stripeAccount: failing.id })).available[0].amount).toBe(before + 1000);
  });

  it('control settle and balance release', async () => {
    const key = `sk_test_release_${Date.now()}`;
    const s = h.clientFor(key);
    await s.paymentIntents.create({ amount: 10000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    expect((await s.balance.retrieve()).available[0].amount).toBe(0);
    await h.control('POST', '/_emu/balance/release', {}, key);
    expect((await s.balance.retrieve()).available[0].amount).toBe(10000 - 320);
    const po = await s.payouts.create({ amount: 500, currency: 'usd' });
    await h.control('POST', `/_emu/payouts/${po.id}/settle`, { outcome: 'failed' }, key);
    expect((await s.payouts.retrieve(po.id)).status).toBe('failed');
    expect((await s.balance.retrieve()).available[0].amount).toBe(10000 - 320);
  });
});

describe('catalog and Connect odds and ends', () => {
  it('Checkout with a price id', async () => {
    const prod = await h.stripe.products.create({ name: 'Poster', default_price_data: { currency: 'usd', unit_amount: 1500 } });
    const cs = await h.stripe.checkout.sessions.create({ mode: 'payment', success_url: 'https://plaza.test/ok', line_items: [{ price: String(prod.default_price), quantity: 3 }] });
    expect(cs.amount_total).toBe(4500);
    const items = await h.stripe.checkout.sessions.listLineItems(cs.id);
    expect(items.data[0]).toMatchObject({ description: 'Poster', quantity: 3, amount_total: 4500 });
    expect(items.data[0].price?.id).toBe(prod.default_price);
  });

  it('ui_mode is rendered per Stripe-Version (legacy names before dahlia)', async () => {
    const cs = await h.stripe.checkout.sessions.create({ mode: 'payment', ui_mode: 'embedded_page', return_url: 'https://plaza.test/r', line_items: [LINE_ITEM] });
    expect(cs.ui_mode).toBe('embedded_page');
    const old = await fetch(`${h.emulator.url}/v1/checkout/sessions/${cs.id}`, { headers: { Authorization: `Bearer ${h.key}`, 'Stripe-Version': '2025-03-31.basil' } });
    const body: { ui_mode: string } = await old.json();
    expect(body.ui_mode).toBe('embedded');
    const bad = await stripeError(h.stripe.checkout.sessions.create({ mode: 'payment', ui_mode: 'popup' as 'hosted_page', line_items: [LINE_ITEM] })); // invalid on purpose
    expect(bad.code).toBe('parameter_invalid_enum');
    const mixed = await stripeError(h.stripe.checkout.sessions.create({ mode: 'payment', ui_mode: 'embedded_page', success_url: 'https://plaza.test/ok', line_items: [LINE_ITEM] }));
    expect(mixed.statusCode).toBe(400);
  });

  it('destination without transfers capability is rejected; login links are express-only', async () => {
    const acct = await h.stripe.accounts.create({ type: 'express' });
    const e = await stripeError(h.stripe.checkout.sessions.create({ mode: 'payment', success_url: 'https://plaza.test/ok', line_items: [LINE_ITEM], payment_intent_data: { transfer_data: { destination: acct.id } } }));
    expect(e.code).toBe('insufficient_capabilities_for_transfer');
    const std = await h.stripe.accounts.create({ type: 'standard' });
    expect((await stripeError(h.stripe.accounts.createLoginLink(std.id))).statusCode).toBe(400);
    const caps = await h.stripe.accounts.listCapabilities(acct.id);
    expect(caps.data.map((c) => c.id).sort()).toEqual(['card_payments', 'transfers']);
    expect(caps.data.every((c) => c.status === 'inactive')).toBe(true);
    const rejected = await h.stripe.accounts.reject(acct.id, { reason: 'fraud_other' });
    expect(rejected.requirements?.disabled_reason).toBe('rejected.fraud');
  });
});
