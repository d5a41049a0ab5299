import type Stripe from 'stripe';
import type { Ctx, Result } from '../context.js';
import { json } from '../context.js';
import type { Emulator } from '../emulator.js';
import { account as accountObj, requirements } from '../objects.js';
import { controllerForType } from './controller.js';
import { api, type Route } from '../routes.js';
import type { Tenant } from '../store.js';
import { base62 } from '../ids.js';
import { onboard, platformAccount } from './accounts.js';

/** Access tokens look like secret keys; this prefix keeps unknown or revoked ones from opening a new tenant. */
export const OAUTH_TOKEN_PREFIX = 'sk_test_oauth_';

function application(t: Tenant): Stripe.Application {
  return { id: t.clientId, object: 'application', name: 'Plaza (emulator platform)' };
}

/** Creates an OAuth code for a new (or existing) standard account; used by the consent page. */
export function authorizeOAuth(emu: Emulator, t: Tenant, existing: string | undefined, email: string | undefined, express: boolean): { code: string; account: string } {
  platformAccount(t);
  let acctId = existing;
  if (!acctId || !t.accounts.has(acctId)) {
    const a = t.put(t.accounts, accountObj(t.newId('acct'), emu.clock.now(), { type: express ? 'express' : 'standard', controller: controllerForType(express ? 'express' : 'standard', !express), email: email ?? null, requirements: requirements([], null), capabilities: { card_payments: 'inactive', transfers: 'inactive' } }), t.platformId);
    onboard(emu, t, a, 'complete');
    acctId = a.id;
  }
  t.owner.set(acctId, t.platformId);
  emu.pageIndex.set(acctId, t);
  const code = `ac_${base62(32)}`;
  t.oauthCodes.set(code, { account: acctId, scope: 'read_write', expires_at: emu.clock.now() + 300, used: false });
  return { code, account: acctId };
}

function oauthError(error: string, description: string): Result {
  return { kind: 'json', status: 400, body: { error, error_description: description } };
}

function issueTokens(ctx: Ctx, acct: string, scope: string): Result {
  const t = ctx.tenant;
  const access = `${OAUTH_TOKEN_PREFIX}${base62(40)}`;
  const refresh = `rt_${base62(40)}`;
  ctx.emu.accessTokens.set(access, { tenant: t, account: acct });
  t.refreshTokens.set(refresh, acct);
  return json({ access_token: access, livemode: false, refresh_token: refresh, scope, stripe_publishable_key: t.publishableKey, stripe_user_id: acct, token_type: 'bearer' });
}

function token(ctx: Ctx): Result {
  const t = ctx.tenant;
  const p = ctx.params;
  const grant = p.str('grant_type');
  if (grant === 'authorization_code') {
    const code = p.str('code') ?? '';
    const rec = t.oauthCodes.get(code);
    if (!rec || rec.used || rec.expires_at < ctx.now()) return oauthError('invalid_grant', `Authorization code does not exist: ${code}`);
    rec.used = true;
    t.connectedViaOAuth.add(rec.account);
    ctx.emu.emit(t, 'account.application.authorized', application(t), { account: rec.account });
    return issueTokens(ctx, rec.account, rec.scope);
  }
  if (grant === 'refresh_token') {
    const acct = t.refreshTokens.get(p.str('refresh_token') ?? '');
    if (!acct) return oauthError('invalid_grant', 'Invalid refresh token');
    return issueTokens(ctx, acct, p.str('scope') ?? 'read_write');
  }
  if (!grant) return oauthError('invalid_request', 'No grant type specified');
  return oauthError('unsupported_grant_type', `Unsupported grant type: ${grant}`);
}

function deauthorize(ctx: Ctx): Result {
  const t = ctx.tenant;
  const p = ctx.params;
  const clientId = p.str('client_id');
  const acct = p.str('stripe_user_id') ?? '';
  if (clientId && clientId !== t.clientId) return oauthError('invalid_client', `No such application: '${clientId}'`);
  if (!t.accounts.has(acct) || t.owner.get(acct) !== t.platformId) return oauthError('invalid_client', `This application is not connected to stripe account ${acct}, or that account does not exist.`);
  for (const [tok, v] of ctx.emu.accessTokens) {
    if (v.tenant !== t || v.account !== acct) continue;
    ctx.emu.accessTokens.delete(tok);
    ctx.emu.revokedTokens.add(tok);
  }
  for (const [rt, a] of t.refreshTokens) if (a === acct) t.refreshTokens.delete(rt);
  ctx.emu.emit(t, 'account.application.deauthorized', application(t), { account: acct });
  t.owner.set(acct, 'revoked');
  t.connectedViaOAuth.delete(acct);
  return json({ stripe_user_id: acct });
}

export const oauthRoutes: Route[] = [
  api('POST', '/oauth/token', token),
  api('POST', '/oauth/deauthorize', deauthorize),
];
