import type Stripe from 'stripe';
import type { Ctx, Result } from '../context.js';
import type { Emulator } from '../emulator.js';
import { invalid } from '../errors.js';
import { api, type Route } from '../routes.js';
import type { Tenant } from '../store.js';
import { connectedAccount, emitAccountUpdated, setCapability, snapshot } from './account-state.js';
import { objResult } from './list.js';

/**
 * Requirements that evolve the way Stripe's do: fields come due with a deadline, move to past_due (account disabled)
 * when it passes, identity documents sit in pending_verification until verified, and the platform can clear or
 * restrict an account. Each change emits account.updated (and capability.updated when capabilities change).
 */
type Reqs = Stripe.Account.Requirements;
type DisabledReason = Stripe.Account.Requirements.DisabledReason;

const DOCUMENT = 'individual.verification.document';
const DEFAULT_DUE_IN = 7 * 86400;
const VERIFICATION_SECONDS = 60;

const union = (a: string[] | null, b: string[]): string[] => [...new Set([...(a ?? []), ...b])];
const without = (a: string[] | null, b: string[]): string[] => (a ?? []).filter((x) => !b.includes(x));

function current(a: Stripe.Account): Reqs {
  if (!a.requirements) a.requirements = { alternatives: [], current_deadline: null, currently_due: [], disabled_reason: null, errors: [], eventually_due: [], past_due: [], pending_verification: [] };
  return a.requirements;
}

function setEnabled(emu: Emulator, t: Tenant, a: Stripe.Account, enabled: boolean): void {
  a.charges_enabled = enabled;
  a.payouts_enabled = enabled;
  const status: Stripe.Capability.Status = enabled ? 'active' : 'inactive';
  for (const name of Object.keys(a.capabilities ?? {})) {
    if (a.capabilities && Reflect.get(a.capabilities, name) === status) continue;
    const cap = setCapability(t, a, name, status, emu.clock.now(), enabled ? [] : [...(a.requirements?.past_due ?? []), ...(a.requirements?.currently_due ?? [])]);
    emu.emit(t, 'capability.updated', cap, { account: a.id, request: null, previous: { status: enabled ? 'inactive' : 'active' } });
  }
}

/** Runs `change`, then emits account.updated with the previous values of whatever changed. */
function changing(emu: Emulator, t: Tenant, a: Stripe.Account, change: () => void): void {
  const before = snapshot(a);
  change();
  emitAccountUpdated(emu, t, a, before);
}

/** The deadline passed with fields still due: they become past_due and the account is disabled. */
export function expireRequirements(emu: Emulator, t: Tenant, a: Stripe.Account): void {
  changing(emu, t, a, () => {
    const r = current(a);
    r.past_due = union(r.past_due, r.currently_due ?? []);
    r.current_deadline = null;
    r.disabled_reason = 'requirements.past_due';
    setEnabled(emu, t, a, false);
  });
}

export function addRequirements(emu: Emulator, t: Tenant, a: Stripe.Account, fields: string[], dueIn: number, eventuallyOnly: boolean): void {
  const deadline = emu.clock.now() + dueIn;
  changing(emu, t, a, () => {
    const r = current(a);
    r.eventually_due = union(r.eventually_due, fields);
    if (!eventuallyOnly) {
      r.currently_due = union(r.currently_due, fields);
      r.current_deadline = deadline;
    }
  });
  if (eventuallyOnly) return;
  emu.clock.schedule(deadline, `requirements deadline ${a.id}`, () => {
    const r = a.requirements;
    if (r && r.current_deadline === deadline && (r.currently_due ?? []).some((f) => fields.includes(f))) expireRequirements(emu, t, a);
  });
}

export function clearRequirements(emu: Emulator, t: Tenant, a: Stripe.Account): void {
  changing(emu, t, a, () => {
    a.requirements = { alternatives: [], current_deadline: null, currently_due: [], disabled_reason: null, errors: [], eventually_due: [], past_due: [], pending_verification: [] };
    setEnabled(emu, t, a, true);
  });
}

export function restrictAccount(emu: Emulator, t: Tenant, a: Stripe.Account, reason: DisabledReason): void {
  changing(emu, t, a, () => {
    current(a).disabled_reason = reason;
    setEnabled(emu, t, a, false);
  });
}

/** An identity document was attached: pending verification now, verified (or failed) a minute later. */
export function submitDocument(emu: Emulator, t: Tenant, a: Stripe.Account, verifies: boolean): void {
  changing(emu, t, a, () => {
    const r = current(a);
    r.currently_due = without(r.currently_due, [DOCUMENT]);
    r.past_due = without(r.past_due, [DOCUMENT]);
    r.eventually_due = without(r.eventually_due, [DOCUMENT]);
    r.errors = (r.errors ?? []).filter((e) => e.requirement !== DOCUMENT);
    r.pending_verification = union(r.pending_verification, [DOCUMENT]);
    if (r.disabled_reason === 'requirements.past_due' && (r.past_due ?? []).length === 0) r.disabled_reason = 'requirements.pending_verification';
  });
  emu.clock.schedule(emu.clock.now() + VERIFICATION_SECONDS, `verify document ${a.id}`, () => {
    changing(emu, t, a, () => {
      const r = current(a);
      r.pending_verification = without(r.pending_verification, [DOCUMENT]);
      if (!verifies) {
        r.currently_due = union(r.currently_due, [DOCUMENT]);
        r.eventually_due = union(r.eventually_due, [DOCUMENT]);
        r.errors = [...(r.errors ?? []), { code: 'verification_document_failed_other', reason: 'The document could not be verified.', requirement: DOCUMENT }];
        r.disabled_reason = 'requirements.past_due';
        setEnabled(emu, t, a, false);
        return;
      }
      const outstanding = [...(r.currently_due ?? []), ...(r.past_due ?? []), ...(r.pending_verification ?? [])];
      if (outstanding.length === 0) {
        r.disabled_reason = null;
        r.current_deadline = null;
        if (a.details_submitted) setEnabled(emu, t, a, true);
      }
    });
  });
}

const REASONS: DisabledReason[] = ['requirements.past_due', 'requirements.pending_verification', 'rejected.fraud', 'rejected.terms_of_service', 'rejected.other', 'under_review', 'platform_paused', 'other', 'listed'];

/** `POST /_emu/accounts/{acct}/requirements {add?, eventually?, due_in?, expire?, clear?, restrict?}`. */
function control(ctx: Ctx): Result {
  const a = connectedAccount(ctx, ctx.param('id'));
  const p = ctx.params;
  const { emu, tenant: t } = ctx;
  const add = p.strArr('add');
  const eventually = p.strArr('eventually');
  if (add?.length) addRequirements(emu, t, a, add, p.int('due_in') ?? DEFAULT_DUE_IN, false);
  if (eventually?.length) addRequirements(emu, t, a, eventually, 0, true);
  if (p.bool('expire')) expireRequirements(emu, t, a);
  if (p.bool('clear')) clearRequirements(emu, t, a);
  const restrict = p.str('restrict');
  if (restrict) {
    const reason = restrict === 'true' ? 'requirements.past_due' : REASONS.find((r) => r === restrict);
    if (!reason) throw invalid(`restrict must be true or one of ${REASONS.join(', ')}`, 'parameter_invalid_enum', 'restrict');
    restrictAccount(emu, t, a, reason);
  }
  return objResult(ctx, a);
}

export const requirementRoutes: Route[] = [api('POST', '/_emu/accounts/:id/requirements', control)];
