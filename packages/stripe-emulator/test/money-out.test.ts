import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectId, onboardedAccount, startHarness, stripeError, type Harness } from './harness.js';

/** Payouts (schedules, failures), manual-capture expiry, and Dashboard actions made outside the app. */
let h: Harness;
beforeAll(async () => { h = await startHarness(); }, 120_000);
afterAll(async () => { await h.close(); });

const DAY = 86400;

/** A connected account paid out to `accountNumber` (Stripe's test numbers), with `funds` available. */
async function accountWithBank(accountNumber: string, funds = 10000): Promise<Stripe.Account> {
  const a = await h.stripe.accounts.create({
    type: 'custom', business_type: 'individual', individual: { first_name: 'P', last_name: 'O' }, tos_acceptance: { date: 1700000000, ip: '127.0.0.1' },
    external_account: { object: 'bank_account', country: 'US', currency: 'usd', routing_number: '110000000', account_number: accountNumber },
    capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
  });
  await h.stripe.paymentIntents.create({ amount: funds, currency: 'usd', payment_method: 'pm_card_bypassPending', confirm: true }, { stripeAccount: a.id });
  return a;
}

function eventsFor(account: string, prefix: string): Stripe.Event[] {
  return h.receiver.received.map((r) => r.event).filter((e) => e.account === account && e.type.startsWith(prefix));
}

describe('failing payouts', () => {
  it.each([
    ['000111111116', 'no_account', 'No bank account could be located'],
    ['000111111113', 'account_closed', 'The bank account has been closed.'],
    ['000222222227', 'insufficient_funds', 'insufficient funds'],
    ['000333333335', 'debit_not_authorized', 'Debit transactions are not approved'],
    ['000444444440', 'invalid_currency', 'because of its currency'],
  ])('account %s: payout.failed with failure_code %s', async (number, code, message) => {
    const a = await accountWithBank(number);
    const before = (await h.stripe.balance.retrieve({}, { stripeAccount: a.id })).available[0].amount;
    h.receiver.clear();
    const po = await h.stripe.payouts.create({ amount: 1000, currency: 'usd' }, { stripeAccount: a.id });
    await h.control('POST', '/_emu/clock/advance', { seconds: 2 * DAY + 1 });
    const failed = await h.stripe.payouts.retrieve(po.id, {}, { stripeAccount: a.id });
    expect(failed.status).toBe('failed');
    expect(failed.failure_code).toBe(code);
    expect(failed.failure_message).toContain(message);
    expect(failed.failure_balance_transaction).toMatch(/^txn_/);
    expect(eventsFor(a.id, 'payout.').map((e) => e.type)).toEqual(['payout.created', 'payout.updated', 'payout.updated', 'payout.failed']);
    expect((await h.stripe.balance.retrieve({}, { stripeAccount: a.id })).available[0].amount).toBe(before);
  });

  it('pays out to 000123456789 (payout.paid) and refuses bank numbers that are not test numbers', async () => {
    const a = await accountWithBank('000123456789');
    h.receiver.clear();
    const po = await h.stripe.payouts.create({ amount: 1000, currency: 'usd' }, { stripeAccount: a.id });
    await h.control('POST', '/_emu/clock/advance', { seconds: 2 * DAY + 1 });
    expect((await h.stripe.payouts.retrieve(po.id, {}, { stripeAccount: a.id })).status).toBe('paid');
    expect(eventsFor(a.id, 'payout.').map((e) => e.type)).toContain('payout.paid');
    const bad = await stripeError(h.stripe.accounts.createExternalAccount(a.id, { external_account: { object: 'bank_account', country: 'US', currency: 'usd', routing_number: '12345', account_number: '000123456789' } }));
    expect(bad.statusCode).toBe(400);
    expect(bad.param).toBe('external_account[routing_number]');
  });

  it('fails payouts to a bank added with the btok_us_verified_noAccount token', async () => {
    const a = await onboardedAccount(h);
    const ba = await h.stripe.accounts.createExternalAccount(a.id, { external_account: 'btok_us_verified_noAccount', default_for_currency: true });
    await h.stripe.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: 'pm_card_bypassPending', confirm: true }, { stripeAccount: a.id });
    const po = await h.stripe.payouts.create({ amount: 1000, currency: 'usd', destination: ba.id }, { stripeAccount: a.id });
    await h.control('POST', '/_emu/clock/advance', { seconds: 2 * DAY + 1 });
    expect((await h.stripe.payouts.retrieve(po.id, {}, { stripeAccount: a.id })).failure_code).toBe('no_account');
  });
});

describe('payout schedules', () => {
  it('stores settings.payouts.schedule; a daily schedule pays the available balance out automatically, manual does not', async () => {
    const a = await accountWithBank('000123456789', 7000);
    const daily = await h.stripe.accounts.update(a.id, { settings: { payouts: { schedule: { interval: 'daily', delay_days: 'minimum' } } } });
    expect(daily.settings?.payouts?.schedule).toMatchObject({ interval: 'daily', delay_days: 2 });
    h.receiver.clear();
    await h.control('POST', '/_emu/clock/advance', { seconds: DAY + 1 });
    const created = eventsFor(a.id, 'payout.created');
    expect(created).toHaveLength(1);
    const auto = created[0].data.object as Stripe.Payout;
    expect(auto).toMatchObject({ automatic: true, currency: 'usd' });
    expect(auto.amount).toBeGreaterThan(0);
    expect((await h.stripe.balance.retrieve({}, { stripeAccount: a.id })).available[0].amount).toBe(0);

    const manual = await h.stripe.accounts.update(a.id, { settings: { payouts: { schedule: { interval: 'manual' } } } });
    expect(manual.settings?.payouts?.schedule.interval).toBe('manual');
    await h.stripe.paymentIntents.create({ amount: 3000, currency: 'usd', payment_method: 'pm_card_bypassPending', confirm: true }, { stripeAccount: a.id });
    h.receiver.clear();
    await h.control('POST', '/_emu/clock/advance', { seconds: 2 * DAY });
    expect(eventsFor(a.id, 'payout.created')).toHaveLength(0);
    const weekly = await h.stripe.accounts.update(a.id, { settings: { payouts: { schedule: { interval: 'weekly', weekly_anchor: 'friday' } } } });
    expect(weekly.settings?.payouts?.schedule).toMatchObject({ interval: 'weekly', weekly_anchor: 'friday' });
  });
});

describe('manual capture: the authorisation window', () => {
  it('emits amount_capturable_updated, then charge.expired and payment_intent.canceled after 7 days uncaptured', async () => {
    h.receiver.clear();
    const pi = await h.stripe.paymentIntents.create({ amount: 3000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' });
    expect(pi.status).toBe('requires_capture');
    expect(pi.amount_capturable).toBe(3000);
    expect(h.receiver.types()).toContain('payment_intent.amount_capturable_updated');
    await h.control('POST', '/_emu/clock/advance', { seconds: 7 * DAY - 60 });
    expect((await h.stripe.paymentIntents.retrieve(pi.id)).status).toBe('requires_capture');
    h.receiver.clear();
    await h.control('POST', '/_emu/clock/advance', { seconds: 120 });
    const expired = await h.stripe.paymentIntents.retrieve(pi.id);
    expect(expired).toMatchObject({ status: 'canceled', cancellation_reason: 'automatic', amount_capturable: 0 });
    expect(h.receiver.types()).toEqual(['charge.expired', 'payment_intent.canceled']);
    const e = await stripeError(h.stripe.paymentIntents.capture(pi.id));
    expect(e.statusCode).toBe(400);
    expect(e.code).toBe('payment_intent_unexpected_state');
  });
});

describe('Dashboard actions (control API)', () => {
  it('a refund made in the Dashboard emits refund.created and charge.refunded like an API refund', async () => {
    const pi = await h.stripe.paymentIntents.create({ amount: 4000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    h.receiver.clear();
    const re = await h.control<Stripe.Refund>('POST', `/_emu/charges/${String(pi.latest_charge)}/refund`, { amount: 1500, reason: 'requested_by_customer' });
    expect(re).toMatchObject({ object: 'refund', amount: 1500, status: 'succeeded', charge: pi.latest_charge, reason: 'requested_by_customer' });
    expect(h.receiver.types()).toEqual(expect.arrayContaining(['refund.created', 'charge.refunded']));
    const ch = await h.stripe.charges.retrieve(String(pi.latest_charge));
    expect(ch.amount_refunded).toBe(1500);
  });

  it.each(['won', 'lost'] as const)('a dispute opened and closed %s emits Stripe\'s dispute events', async (outcome) => {
    const pi = await h.stripe.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    h.receiver.clear();
    const dp = await h.control<Stripe.Dispute>('POST', `/_emu/charges/${String(pi.latest_charge)}/dispute`, { reason: 'product_not_received' });
    expect(dp).toMatchObject({ object: 'dispute', status: 'needs_response', reason: 'product_not_received', amount: 5000 });
    await h.control('POST', `/_emu/disputes/${dp.id}/resolve`, { outcome });
    const closed = await h.stripe.disputes.retrieve(dp.id);
    expect(closed.status).toBe(outcome);
    const types = h.receiver.types().filter((t) => t.startsWith('charge.dispute.'));
    const expected = ['charge.dispute.created', 'charge.dispute.funds_withdrawn', 'charge.dispute.closed', ...(outcome === 'won' ? ['charge.dispute.funds_reinstated'] : [])];
    expect(types).toEqual(expected);
    expect(h.receiver.received.filter((r) => r.event.type.startsWith('charge.dispute.')).every((r) => objectId(r.event) === dp.id)).toBe(true);
  });
});
