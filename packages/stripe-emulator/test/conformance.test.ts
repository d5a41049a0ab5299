import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConformanceChecker, type ConformanceChecker } from '../conformance/validator.js';
import { LINE_ITEM, onboardedAccount, startHarness, type Harness } from './harness.js';

let h: Harness;
let checker: ConformanceChecker;
beforeAll(async () => { h = await startHarness(); checker = createConformanceChecker(); }, 120_000);
afterAll(async () => { await h.close(); });

/** Exercises most endpoints so every request/response/webhook can be validated against the SDK's types. */
async function scenarios(): Promise<void> {
  const s = h.stripe;
  const d = await onboardedAccount(h);
  const cus = await s.customers.create({ email: 'conf@example.com', name: 'Conf', metadata: { a: '1' } });
  await s.customers.update(cus.id, { metadata: { a: '' } });
  await s.customers.list({ limit: 3 });
  const cs = await s.checkout.sessions.create({ mode: 'payment', ui_mode: 'hosted_page', success_url: 'https://plaza.test/ok', cancel_url: 'https://plaza.test/no', customer: cus.id, line_items: [LINE_ITEM], metadata: { order: '1' }, client_reference_id: 'u1', payment_intent_data: { application_fee_amount: 500, transfer_data: { destination: d.id }, setup_future_usage: 'off_session', metadata: { order: '1' } } });
  await h.control('POST', `/_emu/checkout/sessions/${cs.id}/complete`, {});
  const done = await s.checkout.sessions.retrieve(cs.id, { expand: ['line_items', 'payment_intent.latest_charge'] });
  await s.checkout.sessions.listLineItems(cs.id);
  await s.checkout.sessions.list({ payment_intent: String(typeof done.payment_intent === 'string' ? done.payment_intent : done.payment_intent?.id) });
  const embedded = await s.checkout.sessions.create({ mode: 'setup', ui_mode: 'embedded_page', currency: 'usd', return_url: 'https://plaza.test/r?cs={CHECKOUT_SESSION_ID}', customer: cus.id, setup_intent_data: { metadata: { k: 'v' } } });
  await h.control('POST', `/_emu/checkout/sessions/${embedded.id}/complete`, {});
  const toExpire = await s.checkout.sessions.create({ mode: 'payment', success_url: 'https://plaza.test/ok', line_items: [LINE_ITEM], customer_email: 'x@example.com', customer_creation: 'always' });
  await s.checkout.sessions.expire(toExpire.id);
  const pms = await s.paymentMethods.list({ customer: cus.id, type: 'card' });
  const pi = await s.paymentIntents.create({ amount: 2000, currency: 'usd', customer: cus.id, payment_method: pms.data[0].id, off_session: true, confirm: true, application_fee_amount: 100, transfer_data: { destination: d.id } });
  await s.refunds.create({ payment_intent: pi.id, amount: 1000, reverse_transfer: true, refund_application_fee: true, reason: 'requested_by_customer' });
  await s.refunds.list({ payment_intent: pi.id });
  const manual = await s.paymentIntents.create({ amount: 3000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual', metadata: { m: '1' } });
  await s.paymentIntents.update(manual.id, { metadata: { n: '2' } });
  await s.paymentIntents.capture(manual.id, { amount_to_capture: 2500 });
  const si = await s.setupIntents.create({ customer: cus.id, payment_method: 'pm_card_threeDSecure2Required', confirm: true, usage: 'off_session' });
  await h.control('POST', `/_emu/setup_intents/${si.id}/authenticate`, { success: true });
  await s.paymentIntents.list({ customer: cus.id, limit: 5 });
  await s.charges.list({ payment_intent: pi.id, expand: ['data.balance_transaction'] });
  await s.paymentIntents.create({ amount: 4000, currency: 'usd', payment_method: 'pm_card_bypassPending', confirm: true });
  const tr = await s.transfers.create({ amount: 1000, currency: 'usd', destination: d.id, metadata: { t: '1' } });
  await s.transfers.createReversal(tr.id, { amount: 500 });
  const fees = await s.applicationFees.list({ limit: 1 });
  await s.applicationFees.createRefund(fees.data[0].id, { amount: 10 });
  await s.balance.retrieve();
  await s.balanceTransactions.list({ limit: 20 });
  await s.payouts.create({ amount: 100, currency: 'usd' });
  await h.control('POST', '/_emu/clock/advance', { seconds: 3 * 86400 });
  const custom = await s.accounts.create({ type: 'custom', country: 'US', email: 'c@example.com', business_type: 'individual', capabilities: { card_payments: { requested: true }, transfers: { requested: true } }, business_profile: { mcc: '5734', url: 'https://plaza.test' }, metadata: { x: '1' } });
  await s.accounts.update(custom.id, { individual: { first_name: 'A', last_name: 'B' }, tos_acceptance: { date: 1700000000, ip: '127.0.0.1' }, external_account: 'btok_us_verified' });
  await s.accounts.listCapabilities(custom.id);
  await s.accountLinks.create({ account: d.id, type: 'account_update', refresh_url: 'https://plaza.test/refresh', return_url: 'https://plaza.test/return' });
  await s.accounts.createLoginLink(d.id);
  await s.accounts.list({ limit: 3 });
  const direct = await s.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: 'pm_card_createDispute', confirm: true, application_fee_amount: 300 }, { stripeAccount: d.id });
  const disputes = await s.disputes.list({ payment_intent: direct.id }, { stripeAccount: d.id });
  await s.disputes.update(disputes.data[0].id, { evidence: { uncategorized_text: 'losing_evidence' }, submit: true }, { stripeAccount: d.id });
  const ep = await s.webhookEndpoints.create({ url: 'https://plaza.test/hooks', enabled_events: ['*'], connect: true, description: 'conf' });
  await s.webhookEndpoints.update(ep.id, { disabled: true });
  await s.events.list({ limit: 5, type: 'charge.*' });
}

describe('§11 conformance against the installed stripe SDK types', () => {
  it('validates every request, response and webhook of the scenario run', async () => {
    await scenarios();
    const log = await h.control<{ data: { method: string; path: string; params: unknown; status: number; body: unknown }[] }>('GET', '/_emu/requests');
    const failures: string[] = [];
    for (const r of log.data) {
      const req = checker.checkRequest(r.method, r.path, r.params);
      if (!req.ok) failures.push(`request ${r.method} ${r.path} (${req.type}): ${req.errors.join('; ')}`);
      if (r.status < 400) {
        const res = checker.checkResponse(r.path, r.body);
        if (!res.ok) failures.push(`response ${r.method} ${r.path} (${res.type}): ${res.errors.join('; ')}`);
      }
    }
    for (const w of h.receiver.received) {
      const ev = checker.checkEvent(JSON.parse(w.raw));
      if (!ev.ok) failures.push(`event ${w.event.type} (${ev.type}): ${ev.errors.join('; ')}`);
    }
    console.log('[conformance] counts', JSON.stringify(checker.counts), 'failures', failures.length);
    for (const f of failures) console.log('[conformance] FAIL', f);
    expect(failures).toEqual([]);
    expect(checker.counts.requests).toBeGreaterThan(30);
    expect(checker.counts.events).toBeGreaterThan(40);
  }, 120_000);

  it('flags unknown request params and extra response fields', () => {
    expect(checker.checkRequest('POST', '/v1/customers', { emial: 'x' }).ok).toBe(false);
    expect(checker.checkRequest('POST', '/v1/payment_intents', { amount: '100', currency: 'usd', confirm: 'true' }).ok).toBe(true);
    expect(checker.checkResponse('/v1/customers/cus_1', { id: 'cus_1', object: 'customer', bogus: true }).ok).toBe(false);
  });
});
