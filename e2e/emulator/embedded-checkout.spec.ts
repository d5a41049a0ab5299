import { expect, ITEM, test } from './fixtures.js';

test.describe('Embedded Checkout through the Stripe.js shim', () => {
  test('mounts the iframe and redirects the top window to return_url', async ({ page, emu }) => {
    const tenant = await emu.control<{ publishable_key: string }>('GET', '/_emu/tenant');
    const cs = await emu.stripe.checkout.sessions.create({ mode: 'payment', ui_mode: 'embedded_page', line_items: [ITEM], return_url: `${emu.publicUrl}/c/done/{CHECKOUT_SESSION_ID}` });
    await page.goto(`${emu.publicUrl}/_emu/demo/embedded?pk=${tenant.publishable_key}&client_secret=${encodeURIComponent(String(cs.client_secret))}`);
    await expect(page.getByTestId('demo-status')).toHaveText('mounted');
    expect(await page.evaluate(() => String(Reflect.get(Reflect.get(window, 'Stripe'), 'version')))).toBe('endive');
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
