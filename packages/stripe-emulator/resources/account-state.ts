import type Stripe from 'stripe';
import type { Ctx } from '../context.js';
import type { Emulator } from '../emulator.js';
import { notFound } from '../errors.js';
import { capability } from '../objects.js';
import type { Tenant } from '../store.js';

/** Account state shared by the account API and the requirements control calls: capabilities, change events, lookup. */

export function capKey(acct: string, name: string): string {
  return `${acct}/${name}`;
}

export function setCapability(t: Tenant, a: Stripe.Account, name: string, status: Stripe.Capability.Status, now: number, due: string[] = []): Stripe.Capability {
  const key = capKey(a.id, name);
  const existing = t.capabilities.get(key);
  const cap = capability(name, a.id, true, existing?.requested_at ?? now, status, due);
  t.capabilities.set(key, cap);
  a.capabilities = { ...(a.capabilities ?? {}), [name]: status };
  return cap;
}

export function snapshot(a: Stripe.Account): Record<string, unknown> {
  return JSON.parse(JSON.stringify({
    charges_enabled: a.charges_enabled, payouts_enabled: a.payouts_enabled, details_submitted: a.details_submitted, requirements: a.requirements,
    capabilities: a.capabilities, email: a.email, metadata: a.metadata, business_profile: a.business_profile, business_type: a.business_type ?? null,
    tos_acceptance: a.tos_acceptance, external_accounts: a.external_accounts,
  }));
}

function diff(before: Record<string, unknown>, a: Stripe.Account): Record<string, unknown> {
  const after = snapshot(a);
  const prev: Record<string, unknown> = {};
  for (const k of Object.keys(before)) if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) prev[k] = before[k];
  return prev;
}

export function emitAccountUpdated(emu: Emulator, t: Tenant, a: Stripe.Account, before: Record<string, unknown>): void {
  const prev = diff(before, a);
  if (Object.keys(prev).length === 0) return;
  emu.emit(t, 'account.updated', a, { account: a.id, previous: JSON.parse(JSON.stringify(prev)) });
}

export function connectedAccount(ctx: Ctx, id: string): Stripe.Account {
  const a = ctx.tenant.accounts.get(id);
  if (!a || ctx.tenant.owner.get(id) !== ctx.tenant.platformId || id === ctx.tenant.platformId) throw notFound('account', id, 'account');
  if (!ctx.isPlatform && ctx.account !== id) throw notFound('account', id, 'account');
  return a;
}
