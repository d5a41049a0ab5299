import type Stripe from 'stripe';
import type { Ctx, Result } from '../context.js';
import { json } from '../context.js';
import type { Emulator } from '../emulator.js';
import { invalid, notFound } from '../errors.js';
import { account as accountObj, bankAccount, requirements } from '../objects.js';
import { mergeMetadata, type Params } from '../params.js';
import { api, type Route } from '../routes.js';
import type { Tenant } from '../store.js';
import { checkBankNumbers, numberForToken, rememberNumber, SUCCESS_ACCOUNT_NUMBER, TEST_ROUTING_NUMBER } from './bank_accounts.js';
import { controllerForType, controllerFromParams, hasExpressDashboard, platformCollects, typeForController } from './controller.js';
import { identityDocument } from './files.js';
import { listResult, objResult } from './list.js';
import { setPayoutSchedule } from './payout_schedule.js';
import { submitDocument } from './requirements.js';
import { capKey, connectedAccount, emitAccountUpdated, setCapability, snapshot } from './account-state.js';


const ONBOARDING_DUE = ['business_profile.mcc', 'business_profile.url', 'business_type', 'external_account', 'individual.dob.day', 'individual.dob.month', 'individual.dob.year', 'individual.email', 'individual.first_name', 'individual.last_name', 'individual.ssn_last_4', 'tos_acceptance.date', 'tos_acceptance.ip'];

interface SubmittedData { individual: Record<string, string>; company: Record<string, string> }
const submitted = new WeakMap<Stripe.Account, SubmittedData>();

export function platformAccount(t: Tenant): Stripe.Account {
  const existing = t.accounts.get(t.platformId);
  if (existing) return existing;
  const a = accountObj(t.platformId, 0, { type: 'standard', charges_enabled: true, payouts_enabled: true, details_submitted: true, email: 'platform@plaza.test', capabilities: { card_payments: 'active', transfers: 'active' } });
  if (a.business_profile) a.business_profile.name = 'Plaza (emulator platform)';
  if (a.settings) a.settings.dashboard.display_name = 'Plaza';
  return t.put(t.accounts, a, t.platformId);
}

function accountCaps(t: Tenant, acctId: string): Stripe.Capability[] {
  return [...t.capabilities.entries()].filter(([k]) => k.startsWith(`${acctId}/`)).map(([, v]) => v);
}

function customMissing(a: Stripe.Account): string[] {
  const d = submitted.get(a) ?? { individual: {}, company: {} };
  const missing: string[] = [];
  if (!a.business_type) missing.push('business_type');
  if (!a.external_accounts?.data.length) missing.push('external_account');
  if (!a.tos_acceptance?.date) missing.push('tos_acceptance.date');
  if (!a.tos_acceptance?.ip) missing.push('tos_acceptance.ip');
  if (a.business_type === 'individual' || !a.business_type) {
    for (const f of ['first_name', 'last_name']) if (!d.individual[f]) missing.push(`individual.${f}`);
  } else if (!d.company.name) missing.push('company.name');
  return missing;
}


export function addExternalAccount(emu: Emulator, t: Tenant, a: Stripe.Account, accountNumber = '000123456789', routing = '110000000'): Stripe.BankAccount {
  const ba = bankAccount(t.newId('ba'), a.id, accountNumber.slice(-4), routing);
  rememberNumber(ba, accountNumber);
  t.bankAccounts.set(ba.id, ba);
  t.all.set(ba.id, ba);
  t.owner.set(ba.id, a.id);
  if (!a.external_accounts) a.external_accounts = { object: 'list', data: [], has_more: false, url: `/v1/accounts/${a.id}/external_accounts` };
  for (const other of a.external_accounts.data) if (other.object === 'bank_account') other.default_for_currency = false;
  a.external_accounts.data.push(ba);
  emu.emit(t, 'account.external_account.created', ba, { account: a.id });
  return ba;
}

/** Recomputes a custom account's requirements; enables it when complete. */
function recomputeCustom(emu: Emulator, t: Tenant, a: Stripe.Account): void {
  const missing = customMissing(a);
  const now = emu.clock.now();
  a.requirements = requirements(missing, missing.length ? 'requirements.past_due' : null);
  const enabled = missing.length === 0;
  a.details_submitted = enabled;
  for (const cap of Object.keys(a.capabilities ?? {})) {
    const status: Stripe.Capability.Status = enabled ? 'active' : 'inactive';
    if (a.capabilities && Reflect.get(a.capabilities, cap) !== status) {
      const c = setCapability(t, a, cap, status, now, enabled ? [] : missing);
      emu.emit(t, 'capability.updated', c, { account: a.id, previous: { status: enabled ? 'inactive' : 'active' } });
    }
  }
  a.charges_enabled = enabled;
  a.payouts_enabled = enabled;
}

/** Onboarding outcome (hosted page or control API), event order per §8(d). */
export function onboard(emu: Emulator, t: Tenant, a: Stripe.Account, outcome: 'complete' | 'restricted' | 'rejected', bank?: { accountNumber: string; routing: string }): void {
  const now = emu.clock.now();
  if (outcome === 'rejected') {
    const before = snapshot(a);
    a.charges_enabled = false; a.payouts_enabled = false;
    a.requirements = requirements([], 'rejected.other');
    for (const cap of Object.keys(a.capabilities ?? {})) setCapability(t, a, cap, 'inactive', now);
    emitAccountUpdated(emu, t, a, before);
    return;
  }
  if (outcome === 'restricted') {
    const before = snapshot(a);
    a.details_submitted = true;
    a.requirements = requirements(['individual.verification.document'], 'requirements.past_due');
    emitAccountUpdated(emu, t, a, before);
    return;
  }
  const b1 = snapshot(a);
  a.details_submitted = true;
  a.business_type = a.business_type ?? 'individual';
  a.requirements = requirements([], null);
  if (!a.tos_acceptance?.date) a.tos_acceptance = { date: now, ip: '127.0.0.1', user_agent: 'stripe-emulator onboarding' };
  emitAccountUpdated(emu, t, a, b1);
  for (const cap of Object.keys(a.capabilities ?? {})) {
    if (a.capabilities && Reflect.get(a.capabilities, cap) === 'active') continue;
    const c = setCapability(t, a, cap, 'active', now);
    emu.emit(t, 'capability.updated', c, { account: a.id, previous: { status: 'inactive' } });
  }
  if (!a.external_accounts?.data.length) addExternalAccount(emu, t, a, bank?.accountNumber, bank?.routing);
  const b2 = snapshot(a);
  a.charges_enabled = true;
  a.payouts_enabled = true;
  emitAccountUpdated(emu, t, a, b2);
}

/** `type` or `controller` (Stripe refuses both together); neither = a standard account. */
function typeAndController(p: Params): { type: Stripe.Account.Type; controller: Stripe.Account.Controller } {
  const type = p.enumOf('type', ['standard', 'express', 'custom'] as const);
  const ctl = p.obj('controller');
  if (type && ctl) throw invalid('You cannot specify both `type` and `controller`.', 'parameter_invalid_string', 'controller');
  if (ctl) {
    const controller = controllerFromParams(ctl);
    return { type: typeForController(controller), controller };
  }
  return { type: type ?? 'standard', controller: controllerForType(type ?? 'standard') };
}

/** `external_account`: a test token (btok_…) or bank details, checked against Stripe's test numbers. */
function bankFrom(p: Params): { accountNumber: string; routing: string } {
  const ext = p.raw.external_account;
  if (typeof ext === 'string') return { accountNumber: numberForToken(ext, 'external_account'), routing: TEST_ROUTING_NUMBER };
  const e = p.obj('external_account');
  const accountNumber = e?.reqStr('account_number') ?? SUCCESS_ACCOUNT_NUMBER;
  const routing = e?.str('routing_number') ?? TEST_ROUTING_NUMBER;
  checkBankNumbers(accountNumber, routing, 'external_account');
  return { accountNumber, routing };
}

/** Applies create/update params; returns the identity document attached, verified after the account is saved. */
function applyUpdate(ctx: Ctx, a: Stripe.Account, p: Params): { verifies: boolean } | null {
  const t = ctx.tenant;
  const front = p.obj('individual')?.obj('verification')?.obj('document')?.str('front');
  const document = front ? identityDocument(ctx, a.id, front, 'individual[verification][document][front]') : null;
  const schedule = p.obj('settings')?.obj('payouts')?.obj('schedule');
  if (schedule) setPayoutSchedule(ctx, a, schedule);
  if (p.has('email')) a.email = p.str('email') ?? null;
  const bt = p.enumOf('business_type', ['company', 'government_entity', 'individual', 'non_profit'] as const);
  if (bt) a.business_type = bt;
  const bp = p.obj('business_profile');
  if (bp && a.business_profile) {
    a.business_profile.name = bp.str('name') ?? a.business_profile.name;
    a.business_profile.url = bp.str('url') ?? a.business_profile.url;
    a.business_profile.mcc = bp.str('mcc') ?? a.business_profile.mcc;
    a.business_profile.product_description = bp.str('product_description') ?? a.business_profile.product_description;
    a.business_profile.support_email = bp.str('support_email') ?? a.business_profile.support_email;
  }
  if (p.raw.metadata !== undefined) a.metadata = mergeMetadata(a.metadata ?? {}, p.metadata());
  const tos = p.obj('tos_acceptance');
  if (tos) a.tos_acceptance = { date: tos.int('date') ?? a.tos_acceptance?.date ?? null, ip: tos.str('ip') ?? a.tos_acceptance?.ip ?? null, user_agent: tos.str('user_agent') ?? a.tos_acceptance?.user_agent ?? null, ...(tos.str('service_agreement') ? { service_agreement: tos.str('service_agreement') } : {}) };
  const data = submitted.get(a) ?? { individual: {}, company: {} };
  for (const key of ['individual', 'company'] as const) {
    const o = p.obj(key);
    if (!o) continue;
    for (const [k, v] of Object.entries(o.raw)) if (typeof v === 'string') data[key][k] = v;
  }
  submitted.set(a, data);
  const caps = p.obj('capabilities');
  if (caps) for (const name of Object.keys(caps.raw)) if (caps.obj(name)?.bool('requested') !== false && !(a.capabilities && name in a.capabilities)) setCapability(t, a, name, 'inactive', ctx.now(), a.requirements?.currently_due ?? []);
  const ext = p.raw.external_account;
  if (ext !== undefined && ext !== '') {
    const bank = bankFrom(p);
    addExternalAccount(ctx.emu, t, a, bank.accountNumber, bank.routing);
  }
  return document;
}

const ACCOUNT_FIELDS = ['type', 'country', 'email', 'business_type', 'capabilities', 'business_profile', 'controller', 'metadata', 'tos_acceptance', 'individual', 'company', 'external_account', 'settings', 'default_currency', 'account_token'];

function create(ctx: Ctx): Result {
  const t = ctx.tenant;
  platformAccount(t);
  const p = ctx.params.allow(...ACCOUNT_FIELDS);
  const { type, controller } = typeAndController(p);
  const a = t.put(t.accounts, accountObj(t.newId('acct'), ctx.now(), { type, controller, country: p.str('country') ?? 'US', email: p.str('email') ?? null, requirements: requirements(ONBOARDING_DUE, 'requirements.past_due') }), t.platformId);
  ctx.emu.pageIndex.set(a.id, t);
  const caps = p.obj('capabilities');
  const requested = caps ? Object.keys(caps.raw).filter((n) => caps.obj(n)?.bool('requested') !== false) : ['card_payments', 'transfers'];
  for (const name of requested) setCapability(t, a, name, 'inactive', ctx.now(), ONBOARDING_DUE);
  const document = applyUpdate(ctx, a, p);
  if (platformCollects(a)) recomputeCustom(ctx.emu, t, a);
  if (document) submitDocument(ctx.emu, t, a, document.verifies);
  return objResult(ctx, a);
}


function update(ctx: Ctx): Result {
  const a = connectedAccount(ctx, ctx.param('id'));
  const p = ctx.params.allow(...ACCOUNT_FIELDS);
  const before = snapshot(a);
  const document = applyUpdate(ctx, a, p);
  if (platformCollects(a)) recomputeCustom(ctx.emu, ctx.tenant, a);
  emitAccountUpdated(ctx.emu, ctx.tenant, a, before);
  if (document) submitDocument(ctx.emu, ctx.tenant, a, document.verifies);
  return objResult(ctx, a);
}

function accountLink(ctx: Ctx): Result {
  const t = ctx.tenant;
  const p = ctx.params.allow('account', 'type', 'refresh_url', 'return_url', 'collect', 'collection_options');
  const a = connectedAccount(ctx, p.reqStr('account'));
  // Required, as in Stripe (strict validation refuses a missing one first; this covers STRIPE_EMULATOR_STRICT=0).
  const type = p.enumOf('type', ['account_onboarding', 'account_update'] as const);
  if (!type) throw invalid('Missing required param: type.', 'parameter_missing', 'type');
  const refresh = p.str('refresh_url');
  const ret = p.str('return_url');
  if (!ret) throw invalid('Missing required param: return_url.', 'parameter_missing', 'return_url');
  for (const [name, url] of [['refresh_url', refresh], ['return_url', ret]] as const) if (url && !/^https?:\/\//.test(url)) throw invalid(`Not a valid URL`, 'url_invalid', name);
  const token = t.token();
  const now = ctx.now();
  t.linkTokens.set(token, { account: a.id, type, refresh_url: refresh ?? ret, return_url: ret, expires_at: now + 300, used: false });
  ctx.emu.pageIndex.set(token, t);
  const letter = hasExpressDashboard(a) ? 'e' : platformCollects(a) ? 'c' : 's';
  const link: Stripe.AccountLink = { object: 'account_link', created: now, expires_at: now + 300, url: `${ctx.publicUrl}/setup/${letter}/${a.id}/${token}` };
  return json(link);
}

function loginLink(ctx: Ctx): Result {
  const t = ctx.tenant;
  const a = connectedAccount(ctx, ctx.param('id'));
  if (!hasExpressDashboard(a)) throw invalid('Cannot create a login link for an account that is not an Express account.', 'account_invalid');
  const token = t.token();
  t.loginTokens.set(token, a.id);
  ctx.emu.pageIndex.set(token, t);
  const link: Stripe.LoginLink = { object: 'login_link', created: ctx.now(), url: `${ctx.publicUrl}/express/${a.id}/${token}` };
  return json(link);
}

export const accountRoutes: Route[] = [
  api('POST', '/v1/accounts', create),
  api('GET', '/v1/accounts', (ctx) => listResult(ctx, [...ctx.tenant.accounts.values()].filter((a) => a.id !== ctx.tenant.platformId && ctx.tenant.owner.get(a.id) === ctx.tenant.platformId).map((a) => ({ ...a, created: a.created ?? 0 })), '/v1/accounts')),
  api('GET', '/v1/accounts/:id', (ctx) => objResult(ctx, ctx.param('id') === ctx.tenant.platformId ? platformAccount(ctx.tenant) : connectedAccount(ctx, ctx.param('id')))),
  api('GET', '/v1/account', (ctx) => objResult(ctx, ctx.isPlatform ? platformAccount(ctx.tenant) : connectedAccount(ctx, ctx.account))),
  api('POST', '/v1/accounts/:id', update),
  api('DELETE', '/v1/accounts/:id', (ctx) => {
    const a = connectedAccount(ctx, ctx.param('id'));
    ctx.tenant.owner.set(a.id, 'deleted');
    return json({ id: a.id, object: 'account', deleted: true });
  }),
  api('POST', '/v1/accounts/:id/reject', (ctx) => {
    const a = connectedAccount(ctx, ctx.param('id'));
    ctx.params.allow('reason');
    const reason = ctx.params.str('reason') ?? 'other';
    const before = snapshot(a);
    a.charges_enabled = false; a.payouts_enabled = false;
    a.requirements = requirements([], reason.startsWith('fraud') ? 'rejected.fraud' : reason === 'terms_of_service' ? 'rejected.terms_of_service' : 'rejected.other');
    emitAccountUpdated(ctx.emu, ctx.tenant, a, before);
    return objResult(ctx, a);
  }),
  api('GET', '/v1/accounts/:id/capabilities', (ctx) => {
    const a = connectedAccount(ctx, ctx.param('id'));
    const caps = accountCaps(ctx.tenant, a.id);
    return json({ object: 'list', data: caps, has_more: false, url: `/v1/accounts/${a.id}/capabilities` });
  }),
  api('GET', '/v1/accounts/:id/capabilities/:cap', (ctx) => {
    const a = connectedAccount(ctx, ctx.param('id'));
    const cap = ctx.tenant.capabilities.get(capKey(a.id, ctx.param('cap')));
    if (!cap) throw notFound('capability', ctx.param('cap'), 'capability');
    return json(cap);
  }),
  api('POST', '/v1/accounts/:id/capabilities/:cap', (ctx) => {
    const a = connectedAccount(ctx, ctx.param('id'));
    const p = ctx.params.allow('requested');
    const name = ctx.param('cap');
    const existing = ctx.tenant.capabilities.get(capKey(a.id, name));
    if (p.bool('requested') === false) {
      const c = setCapability(ctx.tenant, a, name, 'inactive', ctx.now());
      c.requested = false;
      ctx.emu.emit(ctx.tenant, 'capability.updated', c, { account: a.id, previous: { requested: true } });
      return json(c);
    }
    if (existing) return json(existing);
    const active = a.details_submitted && a.charges_enabled;
    const c = setCapability(ctx.tenant, a, name, active ? 'active' : 'inactive', ctx.now(), active ? [] : a.requirements?.currently_due ?? []);
    ctx.emu.emit(ctx.tenant, 'capability.updated', c, { account: a.id, previous: { requested: false } });
    return json(c);
  }),
  api('POST', '/v1/accounts/:id/external_accounts', (ctx) => {
    const a = connectedAccount(ctx, ctx.param('id'));
    const p = ctx.params.allow('external_account', 'default_for_currency', 'metadata');
    const ext = p.raw.external_account;
    if (ext === undefined || ext === '') throw invalid('Missing required param: external_account.', 'parameter_missing', 'external_account');
    const bank = bankFrom(p);
    const ba = addExternalAccount(ctx.emu, ctx.tenant, a, bank.accountNumber, bank.routing);
    if (platformCollects(a)) recomputeCustom(ctx.emu, ctx.tenant, a);
    return json(ba);
  }),
  api('GET', '/v1/accounts/:id/external_accounts', (ctx) => {
    const a = connectedAccount(ctx, ctx.param('id'));
    return json(a.external_accounts ?? { object: 'list', data: [], has_more: false, url: `/v1/accounts/${a.id}/external_accounts` });
  }),
  api('GET', '/v1/accounts/:id/external_accounts/:ba', (ctx) => {
    const a = connectedAccount(ctx, ctx.param('id'));
    const ba = a.external_accounts?.data.find((x) => x.id === ctx.param('ba'));
    if (!ba) throw notFound('external_account', ctx.param('ba'));
    return json(ba);
  }),
  api('POST', '/v1/accounts/:id/login_links', loginLink),
  api('POST', '/v1/account_links', accountLink),
  api('POST', '/_emu/accounts/:id/onboard', (ctx) => {
    const a = connectedAccount(ctx, ctx.param('id'));
    const outcome = ctx.params.enumOf('outcome', ['complete', 'restricted', 'rejected'] as const) ?? 'complete';
    onboard(ctx.emu, ctx.tenant, a, outcome);
    return objResult(ctx, a);
  }),
];
