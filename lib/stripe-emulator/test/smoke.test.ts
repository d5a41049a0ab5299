import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onboardedAccount, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h.close(); });

describe('smoke', () => {
  it('destination checkout', async () => {
    const acct = await onboardedAccount(h);
    const cs = await h.stripe.checkout.sessions.create({
      mode: 'payment', success_url: 'http://localhost/ok?cs={CHECKOUT_SESSION_ID}', cancel_url: 'http://localhost/cancel',
      line_items: [{ price_data: { currency: 'usd', unit_amount: 10000, product_data: { name: 'Thing' } }, quantity: 1 }],
      payment_intent_data: { application_fee_amount: 1000, transfer_data: { destination: acct.id } },
    });
    expect(cs.url).toContain('/c/pay/');
    await h.control('POST', `/_emu/checkout/sessions/${cs.id}/complete`, {});
    const done = await h.stripe.checkout.sessions.retrieve(cs.id, { expand: ['payment_intent.latest_charge.balance_transaction'] });
    expect(done.status).toBe('complete');
    console.log(JSON.stringify(done.payment_intent, null, 1).slice(0, 500));
    console.log(h.receiver.types());
    console.log(await h.stripe.balance.retrieve(), await h.stripe.balance.retrieve({ stripeAccount: acct.id }));
  });
});
