import { expect, ITEM, test } from './fixtures.js';

test.describe('Embedded Checkout through the Stripe.js shim', () => {
  test('mounts the iframe and redirects the top window to return_url', async ({ page, emu }) => {
    const tenant = await emu.control<{ publishable_key: string }>('GET', '/_emu/tenant');
    const cs = await emu.stripe.checkout.sessions.create({ mode: 'payment', ui_mode: 'embedded_page', line_items: [ITEM], return_url: `${emu.publicUrl}/c/done/{CHECKOUT_SESSION_ID}` });
    await page.goto(`${emu.publicUrl}/_emu/demo/embedded?pk=${tenant.publishable_key}&client_secret=${encodeURIComponent(String(cs.client_secret))}`);
    await expect(page.getByTestId('demo-status')).toHaveText('mounted');
    expect(await page.evaluate(() => String(Reflect.get(Reflect.get(window, 'Stripe'), 'version')))).toBe('endive');
    // @stripe/react-stripe-js's isStripe() check and EmbeddedCheckoutProvider need these methods.
    const methods = await page.evaluate(() => {
      const ctor: unknown = Reflect.get(window, 'Stripe');
      const inst: unknown = typeof ctor === 'function' ? ctor('pk_test_x') : null;
      return ['elements', 'createToken', 'createPaymentMethod', 'confirmCardPayment', 'createEmbeddedCheckoutPage', 'initEmbeddedCheckout', 'registerAppInfo', '_registerWrapper']
        .filter((m) => typeof inst === 'object' && inst !== null && typeof Reflect.get(inst, m) === 'function');
    });
    expect(methods).toHaveLength(8);
    const frame = page.frameLocator('[data-testid="emu-embedded-checkout"]');
    await expect(frame.getByTestId('total')).toHaveText('$50.00');
    await frame.getByTestId('pay-button').click();
    await expect(page).toHaveURL(`${emu.publicUrl}/c/done/${cs.id}`);
    expect((await emu.stripe.checkout.sessions.retrieve(cs.id)).status).toBe('complete');
  });

  test('redirect_on_completion=never calls onComplete', async ({ page, emu }) => {
    const tenant = await emu.control<{ publishable_key: string }>('GET', '/_emu/tenant');
    const cs = await emu.stripe.checkout.sessions.create({ mode: 'payment', ui_mode: 'embedded_page', line_items: [ITEM], redirect_on_completion: 'never' });
    await page.goto(`${emu.publicUrl}/_emu/demo/embedded?oncomplete=1&pk=${tenant.publishable_key}&client_secret=${encodeURIComponent(String(cs.client_secret))}`);
    const frame = page.frameLocator('[data-testid="emu-embedded-checkout"]');
    await frame.getByTestId('pay-button').click();
    await expect(page.getByTestId('demo-status')).toHaveText('complete');
  });
});

test.describe('Stripe.js shim card flows', () => {
  test('3DS inside the embedded iframe, then top-level redirect', async ({ page, emu }) => {
    const tenant = await emu.control<{ publishable_key: string }>('GET', '/_emu/tenant');
    const cs = await emu.stripe.checkout.sessions.create({ mode: 'payment', ui_mode: 'embedded_page', line_items: [ITEM], return_url: `${emu.publicUrl}/c/done/{CHECKOUT_SESSION_ID}` });
    await page.goto(`${emu.publicUrl}/_emu/demo/embedded?pk=${tenant.publishable_key}&client_secret=${encodeURIComponent(String(cs.client_secret))}`);
    const frame = page.frameLocator('[data-testid="emu-embedded-checkout"]');
    await frame.getByTestId('quickfill-3184').click();
    await frame.getByTestId('pay-button').click();
    await frame.getByTestId('3ds-complete').click();
    await expect(page).toHaveURL(`${emu.publicUrl}/c/done/${cs.id}`);
  });

  test('confirmCardPayment with a 3DS card opens the challenge modal', async ({ page, emu }) => {
    const tenant = await emu.control<{ publishable_key: string }>('GET', '/_emu/tenant');
    const pi = await emu.stripe.paymentIntents.create({ amount: 1200, currency: 'usd' });
    await page.goto(`${emu.publicUrl}/_emu/demo/card?pk=${tenant.publishable_key}&client_secret=${encodeURIComponent(String(pi.client_secret))}`);
    await page.getByTestId('emu-card-input').fill('4000 0027 6000 3184');
    await page.getByTestId('demo-pay').click();
    await expect(page.getByTestId('emu-3ds-modal')).toBeVisible();
    await page.frameLocator('iframe[name="emu-3ds"]').getByTestId('3ds-complete').click();
    await expect(page.getByTestId('demo-status')).toHaveText('succeeded');
    expect((await emu.stripe.paymentIntents.retrieve(pi.id)).status).toBe('succeeded');
  });

  test('confirmCardPayment decline and confirmCardSetup', async ({ page, emu }) => {
    const tenant = await emu.control<{ publishable_key: string }>('GET', '/_emu/tenant');
    const pi = await emu.stripe.paymentIntents.create({ amount: 1200, currency: 'usd' });
    await page.goto(`${emu.publicUrl}/_emu/demo/card?pk=${tenant.publishable_key}&client_secret=${encodeURIComponent(String(pi.client_secret))}`);
    await page.getByTestId('emu-card-input').fill('4000 0000 0000 0002');
    await page.getByTestId('demo-pay').click();
    await expect(page.getByTestId('demo-status')).toHaveText('error: card_declined');
    const customer = await emu.stripe.customers.create({});
    const si = await emu.stripe.setupIntents.create({ customer: customer.id });
    await page.goto(`${emu.publicUrl}/_emu/demo/card?pk=${tenant.publishable_key}&client_secret=${encodeURIComponent(String(si.client_secret))}`);
    await page.getByTestId('demo-pay').click();
    await expect(page.getByTestId('demo-status')).toHaveText('succeeded');
    expect((await emu.stripe.customers.listPaymentMethods(customer.id)).data).toHaveLength(1);
  });
});
