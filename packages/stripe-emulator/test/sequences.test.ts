import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { LINE_ITEM, onboardedAccount, startHarness, stripeError, verifyAll, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h.close(); });
beforeEach(() => { h.receiver.clear(); });

const FEE = (amount: number): number => Math.round(amount * 0.029) + 30;

async function balances(account?: string): Promise<{ available: number; pending: number }> {
  const b = account ? await h.stripe.balance.retrieve({}, { stripeAccount: account }) : await h.stripe.balance.retrieve();
  return { available: b.available[0].amount, pending: b.pending[0].amount };
}

async function destinationCheckout(dest: string, card = '4242424242424242'): Promise<Stripe.Checkout.Session> {
  h.receiver.clear();
  const cs = await h.stripe.checkout.sessions.create({
    mode: 'payment', ui_mode: 'hosted_page', success_url: 'https://plaza.test/ok?cs={CHECKOUT_SESSION_ID}', cancel_url: 'https://plaza.test/cancel',
    line_items: [LINE_ITEM], metadata: { order_id: 'ord_1' }, client_reference_id: 'user_1',
    payment_intent_data: { application_fee_amount: 1000, transfer_data: { destination: dest }, metadata: { order_id: 'ord_1' } },
  });
  expect(h.receiver.received).toHaveLength(0);
  await h.control('POST', `/_emu/checkout/sessions/${cs.id}/complete`, { card, email: 'buyer@example.com' });
  return h.stripe.checkout.sessions.retrieve(cs.id);
}

describe('§8 (a) hosted Checkout destination charge', () => {
  it('produces the PI → charge → transfer → fee chain, events in order, balances per §7', async () => {
    const d = await onboardedAccount(h);
    const before = await balances();
    const cs = await destinationCheckout(d.id);
    expect(cs).toMatchObject({ status: 'complete', payment_status: 'paid', amount_total: 10000, currency: 'usd', client_reference_id: 'user_1', metadata: { order_id: 'ord_1' }, url: null });
    expect(cs.customer_details?.email).toBe('buyer@example.com');
    expect(h.receiver.types()).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded', 'application_fee.created', 'transfer.created', 'checkout.session.completed', 'charge.updated']);
    expect(h.receiver.received.every((r) => r.event.account === undefined)).toBe(true);
    const updated = h.receiver.received[6].event;
    expect(updated.data.previous_attributes).toEqual({ balance_transaction: null });
    expect(verifyAll(h.stripe, h.receiver.received)).toBe(7);
    const completed = h.receiver.received[5].event;
    if (completed.type !== 'checkout.session.completed') throw new Error('unexpected');
    expect(completed.data.object.payment_intent).toBe(cs.payment_intent);
    expect(completed.api_version).toBe('2026-10-28.endive');
    expect(completed.request?.id).toMatch(/^req_/);

    const pi = await h.stripe.paymentIntents.retrieve(String(cs.payment_intent), { expand: ['latest_charge'] });
    expect(pi).toMatchObject({ status: 'succeeded', amount_received: 10000, application_fee_amount: 1000, metadata: { order_id: 'ord_1' } });
    const ch = pi.latest_charge;
    if (!ch || typeof ch === 'string') throw new Error('charge not expanded');
    expect(ch).toMatchObject({ amount: 10000, captured: true, paid: true, status: 'succeeded', transfer_data: { destination: d.id, amount: null } });
    const tr = await h.stripe.transfers.retrieve(String(ch.transfer));
    expect(tr).toMatchObject({ amount: 10000, destination: d.id, source_transaction: ch.id });
    expect(String(tr.destination_payment)).toMatch(/^py_/);
    const fee = await h.stripe.applicationFees.retrieve(String(ch.application_fee));
    expect(fee).toMatchObject({ amount: 1000, account: d.id, charge: tr.destination_payment, originating_transaction: ch.id });
    const py = await h.stripe.charges.retrieve(String(tr.destination_payment), { expand: ['balance_transaction'] }, { stripeAccount: d.id });
    const pyTxn = py.balance_transaction;
    if (!pyTxn || typeof pyTxn === 'string') throw new Error('txn not expanded');
    expect(pyTxn).toMatchObject({ type: 'payment', amount: 10000, fee: 1000, net: 9000, status: 'pending' });
    expect(pyTxn.fee_details).toEqual([expect.objectContaining({ type: 'application_fee', amount: 1000 })]);

    const after = await balances();
    expect(after.pending - before.pending).toBe(1000 - FEE(10000));
    expect(await balances(d.id)).toEqual({ available: 0, pending: 9000 });
    const txns = await h.stripe.balanceTransactions.list({ limit: 10 });
    expect(txns.data.slice(0, 3).map((t) => t.type).sort()).toEqual(['application_fee', 'charge', 'transfer']);

    h.receiver.clear();
    await h.control('POST', '/_emu/clock/advance', { seconds: 2 * 86400 + 1 });
    expect(await balances(d.id)).toEqual({ available: 9000, pending: 0 });
    const avail = h.receiver.received.filter((r) => r.event.type === 'balance.available');
    expect(avail.map((r) => r.event.account ?? 'platform').sort()).toContain(d.id);
    expect(verifyAll(h.stripe, h.receiver.received)).toBeGreaterThan(0);
  });

  it('decline keeps the session open and emits the failure trio', async () => {
    const d = await onboardedAccount(h);
    const cs = await h.stripe.checkout.sessions.create({ mode: 'payment', success_url: 'https://plaza.test/ok', line_items: [LINE_ITEM], payment_intent_data: { application_fee_amount: 500, transfer_data: { destination: d.id } } });
    h.receiver.clear();
    const res = await fetch(`${h.emulator.url}/_emu/checkout/sessions/${cs.id}/complete`, { method: 'POST', headers: { Authorization: `Bearer ${h.key}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ card: '4000000000000002' }) });
    expect(res.status).toBe(402);
    const body: { error: { type: string; code: string; decline_code: string } } = await res.json();
    expect(body.error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: 'generic_decline' });
    const open = await h.stripe.checkout.sessions.retrieve(cs.id);
    expect(open.status).toBe('open');
    expect(h.receiver.types()).toEqual(['payment_intent.created', 'charge.failed', 'payment_intent.payment_failed']);
    h.receiver.clear();
    await h.control('POST', '/_emu/clock/advance', { seconds: 24 * 3600 + 5 });
    expect((await h.stripe.checkout.sessions.retrieve(cs.id)).status).toBe('expired');
    expect(h.receiver.types()).toContain('checkout.session.expired');
  });
});

describe('§8 (b) direct charge', () => {
  it('runs on the connected account with an application fee to the platform', async () => {
    const d = await onboardedAccount(h);
    h.receiver.clear();
    const platformBefore = await balances();
    const cs = await h.stripe.checkout.sessions.create({ mode: 'payment', ui_mode: 'embedded_page', return_url: 'https://plaza.test/return?cs={CHECKOUT_SESSION_ID}', line_items: [LINE_ITEM], payment_intent_data: { application_fee_amount: 700 } }, { stripeAccount: d.id });
    expect(cs.client_secret).toMatch(/_secret_/);
    expect(cs.url).toBeNull();
    expect((await stripeError(h.stripe.checkout.sessions.retrieve(cs.id))).statusCode).toBe(404);
    await h.control('POST', `/_emu/checkout/sessions/${cs.id}/complete`, {});
    const types = h.receiver.received.map((r) => `${r.event.account ? 'C' : 'P'}:${r.event.type}`);
    expect(types).toEqual(['C:payment_intent.created', 'C:charge.succeeded', 'C:payment_intent.succeeded', 'P:application_fee.created', 'C:checkout.session.completed', 'C:charge.updated']);
    expect(h.receiver.received.filter((r) => r.event.account).every((r) => r.event.account === d.id)).toBe(true);
    verifyAll(h.stripe, h.receiver.received);
    expect(await balances(d.id)).toEqual({ available: 0, pending: 10000 - FEE(10000) - 700 });
    const platformAfter = await balances();
    expect(platformAfter.pending - platformBefore.pending).toBe(700);
    const fees = await h.stripe.applicationFees.list({ limit: 1 });
    expect(fees.data[0]).toMatchObject({ account: d.id, amount: 700, originating_transaction: null });
  });
});

describe('§8 (c) refund with reverse_transfer and refund_application_fee', () => {
  it('refunds, reverses the transfer and the fee, proportionally for partial refunds', async () => {
    const d = await onboardedAccount(h);
    const cs = await destinationCheckout(d.id, '4000000000000077');
    const pi = await h.stripe.paymentIntents.retrieve(String(cs.payment_intent));
    const before = await balances();
    const dBefore = await balances(d.id);
    h.receiver.clear();
    const re = await h.stripe.refunds.create({ payment_intent: pi.id, amount: 5000, reverse_transfer: true, refund_application_fee: true });
    expect(re).toMatchObject({ status: 'succeeded', amount: 5000, charge: pi.latest_charge, payment_intent: pi.id });
    expect(String(re.transfer_reversal)).toMatch(/^trr_/);
    expect(h.receiver.types()).toEqual(['refund.created', 'charge.refunded', 'transfer.reversed', 'application_fee.refunded']);
    verifyAll(h.stripe, h.receiver.received);
    const ch = await h.stripe.charges.retrieve(String(pi.latest_charge));
    expect(ch).toMatchObject({ amount_refunded: 5000, refunded: false });
    const tr = await h.stripe.transfers.retrieve(String(ch.transfer));
    expect(tr).toMatchObject({ amount_reversed: 5000, reversed: false });
    const fee = await h.stripe.applicationFees.retrieve(String(ch.application_fee));
    expect(fee).toMatchObject({ amount_refunded: 500, refunded: false });
    const after = await balances();
    expect(after.available - before.available).toBe(-5000 + 5000 - 500);
    const dAfter = await balances(d.id);
    expect(dAfter.available - dBefore.available).toBe(-5000 + 500);
    const rest = await h.stripe.refunds.create({ charge: ch.id, reverse_transfer: true, refund_application_fee: true });
    expect(rest.amount).toBe(5000);
    expect((await h.stripe.transfers.retrieve(tr.id)).reversed).toBe(true);
    expect((await h.stripe.applicationFees.retrieve(fee.id)).refunded).toBe(true);
    const again = await stripeError(h.stripe.refunds.create({ charge: ch.id }));
    expect(again.code).toBe('charge_already_refunded');
  });
  it('rejects over-refunds', async () => {
    const pi = await h.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const e = await stripeError(h.stripe.refunds.create({ payment_intent: pi.id, amount: 1001 }));
    expect(e.statusCode).toBe(400);
    expect(e.param).toBe('amount');
  });
});

describe('§8 (d) express onboarding through the hosted page', () => {
  it('emits the onboarding events and redirects to return_url; used links go to refresh_url', async () => {
    const acct = await h.stripe.accounts.create({ type: 'express', email: 'new-seller@example.com', capabilities: { card_payments: { requested: true }, transfers: { requested: true } } });
    expect(acct).toMatchObject({ charges_enabled: false, payouts_enabled: false, details_submitted: false, capabilities: { card_payments: 'inactive', transfers: 'inactive' } });
    expect(acct.requirements?.currently_due?.length).toBeGreaterThan(0);
    expect(acct.requirements?.disabled_reason).toBe('requirements.past_due');
    expect(h.receiver.received).toHaveLength(0);
    const link = await h.stripe.accountLinks.create({ account: acct.id, type: 'account_onboarding', refresh_url: 'https://plaza.test/refresh', return_url: 'https://plaza.test/return' });
    expect(link.url).toMatch(new RegExp(`/setup/e/${acct.id}/`));
    expect(link.expires_at - link.created).toBe(300);
    const pageRes = await fetch(link.url.replace(/^http:\/\/localhost:\d+/, h.emulator.url));
    expect(await pageRes.text()).toContain('data-testid="onboard-submit"');
    const post = await fetch(link.url.replace(/^http:\/\/localhost:\d+/, h.emulator.url), { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'action=submit' });
    expect(post.status).toBe(303);
    expect(post.headers.get('location')).toBe('https://plaza.test/return');
    const types = h.receiver.received.map((r) => r.event.type);
    expect(types).toEqual(['account.updated', 'capability.updated', 'capability.updated', 'account.external_account.created', 'account.updated']);
    expect(h.receiver.received.every((r) => r.event.account === acct.id)).toBe(true);
    expect(h.receiver.received[0].event.data.previous_attributes).toMatchObject({ details_submitted: false });
    expect(h.receiver.received[4].event.data.previous_attributes).toMatchObject({ charges_enabled: false, payouts_enabled: false });
    verifyAll(h.stripe, h.receiver.received);
    const done = await h.stripe.accounts.retrieve(acct.id);
    expect(done).toMatchObject({ charges_enabled: true, payouts_enabled: true, details_submitted: true, capabilities: { card_payments: 'active', transfers: 'active' } });
    expect(done.requirements?.currently_due).toEqual([]);
    expect(done.external_accounts?.data[0]).toMatchObject({ object: 'bank_account', last4: '6789' });
    const reuse = await fetch(link.url.replace(/^http:\/\/localhost:\d+/, h.emulator.url), { redirect: 'manual' });
    expect(reuse.status).toBe(302);
    expect(reuse.headers.get('location')).toBe('https://plaza.test/refresh');
    const login = await h.stripe.accounts.createLoginLink(acct.id);
    expect(login.url).toContain(`/express/${acct.id}/`);
  });
  it('custom accounts become enabled once API data is complete', async () => {
    const acct = await h.stripe.accounts.create({ type: 'custom', country: 'US', capabilities: { card_payments: { requested: true }, transfers: { requested: true } } });
    expect(acct.charges_enabled).toBe(false);
    const updated = await h.stripe.accounts.update(acct.id, { business_type: 'individual', individual: { first_name: 'Jenny', last_name: 'Rosen' }, tos_acceptance: { date: 1700000000, ip: '127.0.0.1' }, external_account: 'btok_us_verified' });
    expect(updated).toMatchObject({ charges_enabled: true, payouts_enabled: true, capabilities: { transfers: 'active' } });
    expect(updated.requirements?.currently_due).toEqual([]);
  });
  it('OAuth: code exchange, authorized and deauthorized events', async () => {
    const tenant = await h.control<{ client_id: string }>('GET', '/_emu/tenant');
    h.receiver.clear();
    const form = new URLSearchParams({ client_id: tenant.client_id, redirect_uri: 'https://plaza.test/oauth/callback', state: 'xyz', scope: 'read_write', decision: 'new' });
    const res = await fetch(`${h.emulator.url}/oauth/authorize`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString() });
    const loc = new URL(String(res.headers.get('location')));
    expect(loc.searchParams.get('state')).toBe('xyz');
    const code = String(loc.searchParams.get('code'));
    const token = await h.stripe.oauth.token({ grant_type: 'authorization_code', code });
    expect(token).toMatchObject({ token_type: 'bearer', scope: 'read_write', livemode: false });
    expect(token.stripe_user_id).toMatch(/^acct_/);
    const reuse = await h.stripe.oauth.token({ grant_type: 'authorization_code', code }).then(() => null, (e: unknown) => e);
    expect(reuse).toBeInstanceOf(Error);
    const asAccount = h.clientFor(String(token.access_token));
    const c = await asAccount.customers.create({ email: 'oauth@example.com' });
    expect((await h.stripe.customers.retrieve(c.id, {}, { stripeAccount: token.stripe_user_id })).id).toBe(c.id);
    await h.stripe.oauth.deauthorize({ client_id: tenant.client_id, stripe_user_id: String(token.stripe_user_id) });
    const types = h.receiver.received.map((r) => r.event.type);
    expect(types).toContain('account.application.authorized');
    expect(types[types.length - 1]).toBe('account.application.deauthorized');
    expect((await stripeError(h.stripe.customers.list({}, { stripeAccount: token.stripe_user_id }))).statusCode).toBe(403);
    const deny = await fetch(`${h.emulator.url}/oauth/authorize`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ client_id: tenant.client_id, redirect_uri: 'https://plaza.test/cb', state: 's', decision: 'deny' }).toString() });
    expect(new URL(String(deny.headers.get('location'))).searchParams.get('error')).toBe('access_denied');
  });
});

describe('§8 (e) saved card then off-session', () => {
  it('sets up a card with 3DS then charges off-session; declines and auth-required give 402', async () => {
    const cus = await h.stripe.customers.create({ email: 'saver@example.com' });
    const si = await h.stripe.setupIntents.create({ customer: cus.id, payment_method: 'pm_card_authenticationRequiredOnSetup', confirm: true, return_url: 'https://plaza.test/after' });
    expect(si.status).toBe('requires_action');
    expect(si.next_action?.redirect_to_url?.url).toContain(`/3ds/${si.id}/`);
    await h.control('POST', `/_emu/setup_intents/${si.id}/authenticate`, { success: true });
    const done = await h.stripe.setupIntents.retrieve(si.id);
    expect(done.status).toBe('succeeded');
    const typesSetup = h.receiver.types();
    expect(typesSetup).toEqual(['customer.created', 'setup_intent.created', 'setup_intent.requires_action', 'payment_method.attached', 'setup_intent.succeeded']);
    h.receiver.clear();
    const pm = String(done.payment_method);
    const pi = await h.stripe.paymentIntents.create({ amount: 3000, currency: 'usd', customer: cus.id, payment_method: pm, off_session: true, confirm: true });
    expect(pi.status).toBe('succeeded');
    expect(h.receiver.types()).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded', 'charge.updated']);

    for (const [card, code, decline] of [['pm_card_chargeCustomerFail', 'card_declined', 'generic_decline'], ['pm_card_visa_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds'], ['pm_card_authenticationRequired', 'authentication_required', 'authentication_required']] as const) {
      const c2 = await h.stripe.customers.create({});
      const setup = await h.stripe.setupIntents.create({ customer: c2.id, payment_method: card, confirm: true });
      if (setup.status === 'requires_action') await h.control('POST', `/_emu/setup_intents/${setup.id}/authenticate`, { success: true });
      const saved = String((await h.stripe.setupIntents.retrieve(setup.id)).payment_method);
      h.receiver.clear();
      const e = await stripeError(h.stripe.paymentIntents.create({ amount: 3000, currency: 'usd', customer: c2.id, payment_method: saved, off_session: true, confirm: true }));
      expect(e.statusCode).toBe(402);
      expect(e.type).toBe('StripeCardError');
      expect(e.code).toBe(code);
      expect(e.decline_code).toBe(decline);
      const raw = e.raw as { payment_intent?: Stripe.PaymentIntent }; // raw error body from the SDK (typed loosely by stripe-node)
      expect(raw.payment_intent?.status).toBe('requires_payment_method');
      expect(raw.payment_intent?.last_payment_error?.code).toBe(code);
      expect(h.receiver.types()).toContain('payment_intent.payment_failed');
      expect(h.receiver.types()[0]).toBe('payment_intent.created');
    }
  });
});

describe('§8 (f) disputes', () => {
  it('4000000000000259 opens a fraudulent dispute; winning evidence reinstates funds', async () => {
    const pi = await h.stripe.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: 'pm_card_createDispute', confirm: true });
    const types = h.receiver.types();
    expect(types.slice(-3)).toEqual(['charge.dispute.created', 'charge.dispute.funds_withdrawn', 'charge.updated']);
    const dps = await h.stripe.disputes.list({ payment_intent: pi.id });
    const dp = dps.data[0];
    expect(dp).toMatchObject({ status: 'needs_response', reason: 'fraudulent', amount: 5000, charge: pi.latest_charge });
    expect((await h.stripe.charges.retrieve(String(pi.latest_charge))).disputed).toBe(true);
    const txns = await h.stripe.balanceTransactions.list({ source: dp.id });
    expect(txns.data[0]).toMatchObject({ type: 'adjustment', amount: -5000, fee: 1500, net: -6500 });
    h.receiver.clear();
    const submitted = await h.stripe.disputes.update(dp.id, { evidence: { uncategorized_text: 'winning_evidence' }, submit: true });
    expect(submitted.status).toBe('won');
    expect(h.receiver.types()).toEqual(['charge.dispute.updated', 'charge.dispute.closed', 'charge.dispute.funds_reinstated']);
    verifyAll(h.stripe, h.receiver.received);
  });
  it('close → lost; control API opens disputes on any charge', async () => {
    const pi = await h.stripe.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const dp = await h.control<{ id: string; status: string }>('POST', `/_emu/charges/${String(pi.latest_charge)}/dispute`, { reason: 'product_not_received' });
    expect(dp.status).toBe('needs_response');
    h.receiver.clear();
    const closed = await h.stripe.disputes.close(dp.id);
    expect(closed.status).toBe('lost');
    expect(h.receiver.types()).toEqual(['charge.dispute.closed']);
  });
});
