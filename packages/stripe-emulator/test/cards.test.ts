import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, stripeError, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h.close(); });

const DECLINES: [string, string, string | undefined][] = [
  ['4000000000000002', 'card_declined', 'generic_decline'],
  ['4000000000009995', 'card_declined', 'insufficient_funds'],
  ['4000000000009987', 'card_declined', 'lost_card'],
  ['4000000000009979', 'card_declined', 'stolen_card'],
  ['4000000000000069', 'expired_card', undefined],
  ['4000000000000127', 'incorrect_cvc', undefined],
  ['4000000000000119', 'processing_error', undefined],
  ['4000000000006975', 'card_declined', 'card_velocity_exceeded'],
  ['4100000000000019', 'card_declined', 'fraudulent'],
  ['4000000000000341', 'card_declined', 'generic_decline'],
];

describe('test cards (§6)', () => {
  it.each(['4242424242424242', '5555555555554444', '378282246310005', '4000056655665556'])('%s succeeds', async (number) => {
    const pm = await h.stripe.paymentMethods.create({ type: 'card', card: { number, exp_month: 12, exp_year: 2034, cvc: '123' } });
    expect(pm.card?.last4).toBe(number.slice(-4));
    const pi = await h.stripe.paymentIntents.create({ amount: 1500, currency: 'usd', payment_method: pm.id, confirm: true });
    expect(pi.status).toBe('succeeded');
    expect(pi.amount_received).toBe(1500);
  });

  it.each(DECLINES)('%s declines with %s / %s', async (number, code, decline) => {
    const pm = await h.stripe.paymentMethods.create({ type: 'card', card: { number, exp_month: 12, exp_year: 2034, cvc: '123' } });
    const e = await stripeError(h.stripe.paymentIntents.create({ amount: 1500, currency: 'usd', payment_method: pm.id, confirm: true }));
    expect(e.statusCode).toBe(402);
    expect(e.type).toBe('StripeCardError');
    expect(e.code).toBe(code);
    expect(e.decline_code || undefined).toBe(decline); // stripe-node sets '' when the body has no decline_code
    const charges = await h.stripe.charges.list({ limit: 1 });
    expect(charges.data[0]).toMatchObject({ status: 'failed', payment_method: pm.id });
    expect(charges.data[0].outcome?.type).toBe(number === '4100000000000019' ? 'blocked' : 'issuer_declined');
  });

  it('magic pm_card_* and tok_* ids materialise fresh PaymentMethods', async () => {
    const pi = await h.stripe.paymentIntents.create({ amount: 1500, currency: 'usd', payment_method: 'pm_card_visa_chargeDeclined', confirm: false });
    expect(String(pi.payment_method)).toMatch(/^pm_(?!card_)/);
    const e = await stripeError(h.stripe.paymentIntents.confirm(pi.id));
    expect(e.decline_code).toBe('generic_decline');
    const alt = await stripeError(h.stripe.paymentIntents.create({ amount: 1500, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true }));
    expect(alt.code).toBe('card_declined');
    const fromToken = await h.stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
    expect(fromToken.card?.last4).toBe('4242');
  });

  it('4242424242424241 fails at PaymentMethod creation with incorrect_number', async () => {
    const e = await stripeError(h.stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424241', exp_month: 12, exp_year: 2034, cvc: '123' } }));
    expect(e.statusCode).toBe(402);
    expect(e.code).toBe('incorrect_number');
  });

  it('4000000000000077 funds go straight to available', async () => {
    const s = h.clientFor(`sk_test_bypass_${Date.now()}`);
    await s.paymentIntents.create({ amount: 10000, currency: 'usd', payment_method: 'pm_card_bypassPending', confirm: true });
    const b = await s.balance.retrieve();
    expect(b.available[0].amount).toBe(10000 - 320);
    expect(b.pending[0].amount).toBe(0);
    const po = await s.payouts.create({ amount: 5000, currency: 'usd' });
    expect(po.status).toBe('pending');
    const tooMuch = await stripeError(s.payouts.create({ amount: 100000, currency: 'usd' }));
    expect(tooMuch.code).toBe('balance_insufficient');
  });

  it('3DS cards: requires_action, authenticate pass and fail, off-session authentication_required', async () => {
    for (const pm of ['pm_card_threeDSecure2Required', 'pm_card_threeDSecureRequired', 'pm_card_authenticationRequired']) {
      const pi = await h.stripe.paymentIntents.create({ amount: 2500, currency: 'usd', payment_method: pm, confirm: true, return_url: 'https://plaza.test/3ds-return' });
      expect(pi.status).toBe('requires_action');
      expect(pi.next_action?.type).toBe('redirect_to_url');
      expect(pi.next_action?.redirect_to_url?.return_url).toBe('https://plaza.test/3ds-return');
      await h.control('POST', `/_emu/payment_intents/${pi.id}/authenticate`, { success: true });
      expect((await h.stripe.paymentIntents.retrieve(pi.id)).status).toBe('succeeded');
    }
    const failing = await h.stripe.paymentIntents.create({ amount: 2500, currency: 'usd', payment_method: 'pm_card_authenticationRequired', confirm: true });
    expect(failing.next_action?.type).toBe('use_stripe_sdk');
    await h.control('POST', `/_emu/payment_intents/${failing.id}/authenticate`, { success: false });
    const failed = await h.stripe.paymentIntents.retrieve(failing.id);
    expect(failed.status).toBe('requires_payment_method');
    expect(failed.last_payment_error?.code).toBe('payment_intent_authentication_failure');
    const off = await stripeError(h.stripe.paymentIntents.create({ amount: 2500, currency: 'usd', payment_method: 'pm_card_authenticationRequired', confirm: true, off_session: true }));
    expect(off.code).toBe('authentication_required');
    const declineAfter = await h.stripe.paymentIntents.create({ amount: 2500, currency: 'usd', payment_method: 'pm_card_authenticationRequiredChargeDeclinedInsufficientFunds', confirm: true });
    await h.control('POST', `/_emu/payment_intents/${declineAfter.id}/authenticate`, { success: true });
    const d = await h.stripe.paymentIntents.retrieve(declineAfter.id);
    expect(d.status).toBe('requires_payment_method');
    expect(d.last_payment_error?.decline_code).toBe('insufficient_funds');
  });

  it('manual capture, partial capture, cancel', async () => {
    const pi = await h.stripe.paymentIntents.create({ amount: 4000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' });
    expect(pi).toMatchObject({ status: 'requires_capture', amount_capturable: 4000, amount_received: 0 });
    const captured = await h.stripe.paymentIntents.capture(pi.id, { amount_to_capture: 3000 });
    expect(captured).toMatchObject({ status: 'succeeded', amount_received: 3000 });
    const ch = await h.stripe.charges.retrieve(String(captured.latest_charge));
    expect(ch).toMatchObject({ captured: true, amount_captured: 3000 });
    const again = await stripeError(h.stripe.paymentIntents.capture(pi.id));
    expect(again.code).toBe('payment_intent_unexpected_state');
    const toCancel = await h.stripe.paymentIntents.create({ amount: 4000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' });
    const canceled = await h.stripe.paymentIntents.cancel(toCancel.id, { cancellation_reason: 'requested_by_customer' });
    expect(canceled.status).toBe('canceled');
    expect(h.receiver.types().slice(-2)).toEqual(['charge.refunded', 'payment_intent.canceled']);
    expect((await stripeError(h.stripe.paymentIntents.cancel(pi.id))).code).toBe('payment_intent_unexpected_state');
  });

  it('4000000000005126 refunds succeed then fail on the clock', async () => {
    const pi = await h.stripe.paymentIntents.create({ amount: 4000, currency: 'usd', payment_method: 'pm_card_refundFail', confirm: true });
    const re = await h.stripe.refunds.create({ payment_intent: pi.id });
    expect(re.status).toBe('succeeded');
    h.receiver.clear();
    await h.control('POST', '/_emu/clock/advance', { seconds: 120 });
    expect((await h.stripe.refunds.retrieve(re.id)).status).toBe('failed');
    expect(h.receiver.types().filter((t) => t.startsWith('refund') || t.startsWith('charge.refund'))).toEqual(['refund.updated', 'charge.refund.updated', 'refund.failed']);
  });

  it('amount_too_small and application_fee_amount without destination', async () => {
    expect((await stripeError(h.stripe.paymentIntents.create({ amount: 10, currency: 'usd' }))).code).toBe('amount_too_small');
    expect((await stripeError(h.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', application_fee_amount: 100 }))).param).toBe('application_fee_amount');
  });
});
