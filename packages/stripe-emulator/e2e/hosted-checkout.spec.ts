import { expect, ITEM, test } from './fixtures.js';

test.describe('hosted Checkout page', () => {
  test('pays with the default card and lands on success_url', async ({ page, emu }) => {
    const cs = await emu.stripe.checkout.sessions.create({ mode: 'payment', line_items: [ITEM], success_url: `${emu.publicUrl}/c/done/{CHECKOUT_SESSION_ID}`, cancel_url: `${emu.publicUrl}/c/done/cancel`, customer_email: 'buyer@example.com' });
    await page.goto(String(cs.url));
    await expect(page.getByTestId('test-mode')).toBeVisible();
    await expect(page.getByTestId('total')).toHaveText('$50.00');
    await expect(page.getByTestId('pay-button')).toHaveText('Pay $50.00');
    await expect(page.getByTestId('email')).toHaveValue('buyer@example.com');
    await page.getByTestId('pay-button').click();
    await expect(page).toHaveURL(`${emu.publicUrl}/c/done/${cs.id}`);
    const done = await emu.stripe.checkout.sessions.retrieve(cs.id);
    expect(done.status).toBe('complete');
    expect(done.payment_status).toBe('paid');
    await page.goto(`${emu.publicUrl}/c/pay/${cs.id}`);
    await expect(page.getByTestId('checkout-unavailable')).toBeVisible();
  });

  test('shows a decline banner and keeps the session open', async ({ page, emu }) => {
    const cs = await emu.stripe.checkout.sessions.create({ mode: 'payment', line_items: [ITEM], success_url: `${emu.publicUrl}/c/done/{CHECKOUT_SESSION_ID}` });
    await page.goto(String(cs.url));
    await page.getByTestId('quickfill-0002').click();
    await expect(page.getByTestId('card-number')).toHaveValue('4000 0000 0000 0002');
    await page.getByTestId('pay-button').click();
    await expect(page.getByTestId('checkout-error')).toContainText('declined');
    expect((await emu.stripe.checkout.sessions.retrieve(cs.id)).status).toBe('open');
    await page.getByTestId('card-number').fill('4242 4242 4242 4242');
    await page.getByTestId('pay-button').click();
    await expect(page).toHaveURL(`${emu.publicUrl}/c/done/${cs.id}`);
  });

  test('3DS challenge: complete authentication', async ({ page, emu }) => {
    const cs = await emu.stripe.checkout.sessions.create({ mode: 'payment', line_items: [ITEM], success_url: `${emu.publicUrl}/c/done/{CHECKOUT_SESSION_ID}` });
    await page.goto(`${String(cs.url)}?card=4000002760003184`);
    await page.getByTestId('pay-button').click();
    await expect(page).toHaveURL(/\/3ds\/pi_/);
    await page.getByTestId('3ds-complete').click();
    await expect(page).toHaveURL(`${emu.publicUrl}/c/done/${cs.id}`);
    expect((await emu.stripe.checkout.sessions.retrieve(cs.id)).status).toBe('complete');
  });

  test('3DS challenge: fail authentication returns to Checkout with an error', async ({ page, emu }) => {
    const cs = await emu.stripe.checkout.sessions.create({ mode: 'payment', line_items: [ITEM], success_url: `${emu.publicUrl}/c/done/{CHECKOUT_SESSION_ID}` });
    await page.goto(String(cs.url));
    await page.getByTestId('quickfill-3184').click();
    await page.getByTestId('pay-button').click();
    await page.getByTestId('3ds-fail').click();
    await expect(page.getByTestId('checkout-error')).toContainText('unable to authenticate');
    const pi = await emu.stripe.paymentIntents.retrieve(String((await emu.stripe.checkout.sessions.retrieve(cs.id)).payment_intent));
    expect(pi.status).toBe('requires_payment_method');
  });

  test('setup mode saves a card', async ({ page, emu }) => {
    const customer = await emu.stripe.customers.create({ email: 'saver@example.com' });
    const cs = await emu.stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd', customer: customer.id, success_url: `${emu.publicUrl}/c/done/{CHECKOUT_SESSION_ID}` });
    await page.goto(String(cs.url));
    await expect(page.getByTestId('pay-button')).toHaveText('Save card');
    await page.getByTestId('pay-button').click();
    await expect(page).toHaveURL(`${emu.publicUrl}/c/done/${cs.id}`);
    const pms = await emu.stripe.customers.listPaymentMethods(customer.id);
    expect(pms.data).toHaveLength(1);
  });
});
