import { expect, test } from './fixtures.js';

test.describe('Connect hosted pages', () => {
  test('express onboarding via account link', async ({ page, emu }) => {
    const acct = await emu.stripe.accounts.create({ type: 'express', email: 'seller@example.com' });
    const link = await emu.stripe.accountLinks.create({ account: acct.id, type: 'account_onboarding', refresh_url: `${emu.publicUrl}/c/done/refresh`, return_url: `${emu.publicUrl}/c/done/return` });
    await page.goto(link.url);
    await expect(page.getByTestId('onboard-submit')).toBeVisible();
    await page.getByTestId('onboard-submit').click();
    await expect(page).toHaveURL(`${emu.publicUrl}/c/done/return`);
    const done = await emu.stripe.accounts.retrieve(acct.id);
    expect(done.charges_enabled).toBe(true);
    expect(done.details_submitted).toBe(true);
    await page.goto(link.url);
    await expect(page).toHaveURL(`${emu.publicUrl}/c/done/refresh`);
    const login = await emu.stripe.accounts.createLoginLink(acct.id);
    await page.goto(login.url);
    await expect(page.getByTestId('express-dashboard')).toBeVisible();
  });

  test('onboarding: restricted and exit', async ({ page, emu }) => {
    const acct = await emu.stripe.accounts.create({ type: 'express' });
    const mk = (): Promise<{ url: string }> => emu.stripe.accountLinks.create({ account: acct.id, type: 'account_onboarding', refresh_url: `${emu.publicUrl}/c/done/refresh`, return_url: `${emu.publicUrl}/c/done/return` });
    await page.goto((await mk()).url);
    await page.getByTestId('onboard-exit').click();
    await expect(page).toHaveURL(`${emu.publicUrl}/c/done/return`);
    expect((await emu.stripe.accounts.retrieve(acct.id)).details_submitted).toBe(false);
    await page.goto((await mk()).url);
    await page.getByTestId('onboard-restricted').click();
    const restricted = await emu.stripe.accounts.retrieve(acct.id);
    expect(restricted.details_submitted).toBe(true);
    expect(restricted.charges_enabled).toBe(false);
    expect(restricted.requirements?.currently_due?.length).toBeGreaterThan(0);
  });

  test('OAuth consent: connect new account and deny', async ({ page, emu }) => {
    const tenant = await emu.control<{ client_id: string }>('GET', '/_emu/tenant');
    const redirect = `${emu.publicUrl}/c/done/oauth`;
    const authorize = `${emu.publicUrl}/oauth/authorize?response_type=code&client_id=${tenant.client_id}&scope=read_write&state=st123&redirect_uri=${encodeURIComponent(redirect)}`;
    await page.goto(authorize);
    await expect(page.getByTestId('oauth-platform')).toBeVisible();
    await page.getByTestId('oauth-connect-new').click();
    await expect(page).toHaveURL(/\/c\/done\/oauth\?code=ac_/);
    const url = new URL(page.url());
    expect(url.searchParams.get('state')).toBe('st123');
    const token = await emu.stripe.oauth.token({ grant_type: 'authorization_code', code: String(url.searchParams.get('code')) });
    expect(token.stripe_user_id).toMatch(/^acct_/);
    await page.goto(authorize);
    await page.getByTestId('oauth-deny').click();
    await expect(page).toHaveURL(/error=access_denied/);
  });
});
