import { redirect, type Result } from '../context.js';
import { balanceFor } from '../money.js';
import { onboard } from '../resources/accounts.js';
import { authorizeOAuth } from '../resources/oauth.js';
import { page, type PageCtx, type Route } from '../routes.js';
import { esc, field, layout, money, tenantFor, withParams } from './common.js';

function linkState(c: PageCtx): { t: ReturnType<typeof tenantFor>; valid: boolean; refresh: string; ret: string } {
  const token = c.pathParams.token;
  const t = tenantFor(c.emu, token, 'account_link');
  const rec = t.linkTokens.get(token);
  const valid = rec !== undefined && !rec.used && rec.expires_at >= c.emu.clock.now() && rec.account === c.pathParams.acct;
  return { t, valid, refresh: rec?.refresh_url ?? '', ret: rec?.return_url ?? '' };
}

function onboarding(c: PageCtx): Result {
  const { t, valid, refresh } = linkState(c);
  if (!valid) return redirect(refresh, 302);
  const a = t.accounts.get(c.pathParams.acct);
  const kind = c.pathParams.kind === 'e' ? 'Express' : c.pathParams.kind === 'c' ? 'Custom' : 'Standard';
  return layout('Stripe onboarding', `<span class="badge">TEST MODE</span><h2>Set up payouts for ${esc(a?.email ?? a?.id)}</h2><p>${kind} account onboarding (Plaza). Test data is prefilled.</p>
<form method="post">
<label>Email<input name="email" value="${esc(a?.email ?? 'seller@example.com')}"></label>
<div class="row"><label>First name<input name="first_name" value="Jenny"></label><label>Last name<input name="last_name" value="Rosen"></label></div>
<label>Date of birth<input name="dob" value="1901-01-01"></label><label>SSN (last 4)<input name="ssn" value="0000"></label>
<label>Phone<input name="phone" value="000 000 0000"></label><label>Address<input name="line1" value="address_full_match"></label>
<div class="row"><label>Routing number<input name="routing" value="110000000"></label><label>Account number<input name="account_number" value="000123456789"></label></div>
<label><input type="checkbox" name="tos" value="1" checked style="width:auto"> I agree to the Stripe Connected Account Agreement</label>
<button name="action" value="submit" data-testid="onboard-submit">Submit &amp; verify</button>
<button name="action" value="restricted" class="secondary" data-testid="onboard-restricted">Submit with missing info</button>
<button name="action" value="exit" class="secondary" data-testid="onboard-exit">Exit</button>
</form>`);
}

function onboardSubmit(c: PageCtx): Result {
  const { t, valid, refresh, ret } = linkState(c);
  if (!valid) return redirect(refresh, 302);
  const action = field(c.form, 'action') ?? 'submit';
  if (action === 'exit') return redirect(ret, 303);
  const rec = t.linkTokens.get(c.pathParams.token);
  if (rec) rec.used = true;
  const a = t.accounts.get(c.pathParams.acct);
  if (a) {
    const bank = { accountNumber: field(c.form, 'account_number') ?? '000123456789', routing: field(c.form, 'routing') ?? '110000000' };
    onboard(c.emu, t, a, action === 'restricted' ? 'restricted' : 'complete', bank);
  }
  return redirect(ret, 303);
}

function express(c: PageCtx): Result {
  const token = c.pathParams.token;
  const t = tenantFor(c.emu, token, 'login_link');
  const acct = t.loginTokens.get(token);
  if (acct !== c.pathParams.acct) return layout('Express', '<h2 data-testid="express-invalid">This login link is invalid.</h2>');
  const a = t.accounts.get(acct);
  const bal = balanceFor(t, acct);
  const payments = [...t.charges.values()].filter((ch) => t.owner.get(ch.id) === acct).slice(-20).reverse();
  const payouts = [...t.payouts.values()].filter((p) => t.owner.get(p.id) === acct).slice(-20).reverse();
  return layout('Express dashboard', `<span class="badge">TEST MODE</span><h2 data-testid="express-dashboard">${esc(a?.business_profile?.name ?? a?.email ?? acct)}</h2>
<p>Available: <b data-testid="express-available">${money(bal.available[0]?.amount ?? 0, bal.available[0]?.currency ?? 'usd')}</b> · Pending: <b data-testid="express-pending">${money(bal.pending[0]?.amount ?? 0, bal.pending[0]?.currency ?? 'usd')}</b></p>
<h3>Payments</h3><table>${payments.map((p) => `<tr data-testid="express-payment"><td>${esc(p.id)}</td><td class="r">${money(p.amount, p.currency)}</td></tr>`).join('') || '<tr><td>No payments yet</td></tr>'}</table>
<h3>Payouts</h3><table>${payouts.map((p) => `<tr data-testid="express-payout"><td>${esc(p.id)} ${esc(p.status)}</td><td class="r">${money(p.amount, p.currency)}</td></tr>`).join('') || '<tr><td>No payouts yet</td></tr>'}</table>
<a class="btn secondary" href="/express/logout" data-testid="express-logout">Log out</a>`);
}

function redirectAllowed(c: PageCtx, uri: string): boolean {
  const allowed = c.emu.config.oauthRedirects;
  if (allowed.length === 0) return /^https?:\/\//.test(uri);
  return allowed.some((a) => uri === a || uri.startsWith(a));
}

function oauthPage(c: PageCtx, express: boolean): Result {
  const clientId = c.query.get('client_id') ?? '';
  const t = c.emu.pageIndex.get(clientId);
  const redirectUri = c.query.get('redirect_uri') ?? '';
  if (!t || !clientId.startsWith('ca_')) return layout('OAuth error', `<h2 data-testid="oauth-error">No such application: ${esc(clientId)}</h2>`);
  if (!redirectUri || !redirectAllowed(c, redirectUri)) return layout('OAuth error', `<h2 data-testid="oauth-error">Invalid redirect_uri: ${esc(redirectUri)}</h2><p>Allowed: ${esc(c.emu.config.oauthRedirects.join(', ') || 'any http(s) URL')}</p>`);
  const hidden = ['client_id', 'redirect_uri', 'state', 'scope'].map((k) => `<input type="hidden" name="${k}" value="${esc(c.query.get(k) ?? '')}">`).join('');
  const existing = [...t.connectedViaOAuth].map((id) => `<button name="account" value="${esc(id)}" class="secondary" data-testid="oauth-connect-existing">Connect existing ${esc(id)}</button>`).join('');
  return layout('Connect with Stripe', `<span class="badge">TEST MODE</span><h2 data-testid="oauth-platform">Plaza wants to connect to your Stripe account</h2>
<p>Scope: <b>${esc(c.query.get('scope') ?? 'read_write')}</b></p>
<form method="post" action="${express ? '/express' : ''}/oauth/authorize">${hidden}<input type="hidden" name="email" value="${esc(c.query.get('stripe_user[email]') ?? '')}">
<button name="decision" value="new" data-testid="oauth-connect-new">Connect new test account</button>${existing}
<button name="decision" value="deny" class="danger" data-testid="oauth-deny">Deny</button></form>`);
}

function oauthDecision(c: PageCtx, express: boolean): Result {
  const clientId = field(c.form, 'client_id') ?? '';
  const t = tenantFor(c.emu, clientId, 'application');
  const redirectUri = field(c.form, 'redirect_uri') ?? '';
  if (!redirectAllowed(c, redirectUri)) return layout('OAuth error', `<h2 data-testid="oauth-error">Invalid redirect_uri</h2>`);
  const state = field(c.form, 'state') ?? '';
  if (field(c.form, 'decision') === 'deny') {
    return redirect(withParams(redirectUri, { error: 'access_denied', error_description: 'The user denied your request', ...(state ? { state } : {}) }), 303);
  }
  const { code } = authorizeOAuth(c.emu, t, field(c.form, 'account'), field(c.form, 'email'), express);
  return redirect(withParams(redirectUri, { code, scope: field(c.form, 'scope') ?? 'read_write', ...(state ? { state } : {}) }), 303);
}

export const connectPages: Route[] = [
  page('GET', '/setup/:kind/:acct/:token', onboarding),
  page('POST', '/setup/:kind/:acct/:token', onboardSubmit),
  page('GET', '/express/:acct/:token', express),
  page('GET', '/express/logout', () => layout('Logged out', '<h2 data-testid="express-logged-out">You have been logged out.</h2>')),
  page('GET', '/oauth/authorize', (c) => oauthPage(c, false)),
  page('GET', '/express/oauth/authorize', (c) => oauthPage(c, true)),
  page('POST', '/oauth/authorize', (c) => oauthDecision(c, false)),
  page('POST', '/express/oauth/authorize', (c) => oauthDecision(c, true)),
];
