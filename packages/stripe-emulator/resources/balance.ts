import type Stripe from 'stripe';
import type { Ctx, Result } from '../context.js';
import { invalid, notFound } from '../errors.js';
import { addTxn, availableAmount, balanceFor, releaseFunds } from '../money.js';
import { payout } from '../objects.js';
import { mergeMetadata } from '../params.js';
import { json } from '../context.js';
import { api, type Route } from '../routes.js';
import type { Emulator } from '../emulator.js';
import type { Tenant } from '../store.js';
import { PAYOUT_FAILURES, payoutFailureFor, type PayoutFailure } from './bank_accounts.js';
import { createdFilter, listResult, objResult } from './list.js';
import { idOf, owned, ownedValues } from './lookup.js';


const DEFAULT_FAILURE: PayoutFailure = { code: 'account_closed', message: 'The bank account has been closed.' };

/** Finishes a payout: paid, or failed with Stripe's failure code and message (funds return to the balance). */
export function settlePayout(emu: Emulator, t: Tenant, po: Stripe.Payout, outcome: 'paid' | 'failed', failure: PayoutFailure = DEFAULT_FAILURE): void {
  if (po.status !== 'pending' && po.status !== 'in_transit') return;
  const owner = t.owner.get(po.id) ?? t.platformId;
  const prev = po.status;
  if (outcome === 'paid') {
    po.status = 'paid';
    emu.emit(t, 'payout.updated', po, { account: owner, request: null, previous: { status: prev } });
    emu.emit(t, 'payout.paid', po, { account: owner, request: null });
  } else {
    po.status = 'failed';
    po.failure_code = failure.code;
    po.failure_message = failure.message;
    const txn = addTxn(emu, t, { account: owner, amount: po.amount, currency: po.currency, type: 'payout_failure', source: po.id });
    po.failure_balance_transaction = txn.id;
    emu.emit(t, 'payout.updated', po, { account: owner, request: null, previous: { status: prev } });
    emu.emit(t, 'payout.failed', po, { account: owner, request: null });
  }
}

export interface PayoutInput { amount: number; currency: string; bank: Stripe.BankAccount | undefined; method: string; metadata: Record<string, string>; description: string | null; automatic: boolean }

/** Debits the balance and runs the payout on the clock: in_transit after a day, paid (or failed) on arrival. */
export function startPayout(emu: Emulator, t: Tenant, account: string, input: PayoutInput, now: number): Stripe.Payout {
  const po = t.put(t.payouts, payout(t.newId('po'), now, {
    amount: input.amount, currency: input.currency, destination: input.bank?.id ?? null, method: input.method, metadata: input.metadata, description: input.description, automatic: input.automatic,
  }), account);
  const txn = addTxn(emu, t, { account, amount: -input.amount, currency: input.currency, type: 'payout', source: po.id });
  po.balance_transaction = txn.id;
  emu.emit(t, 'payout.created', po, { account, ...(input.automatic ? { request: null } : {}) });
  const failure = payoutFailureFor(input.bank);
  emu.clock.schedule(po.created + 86400, `payout in_transit ${po.id}`, () => {
    if (po.status !== 'pending') return;
    po.status = 'in_transit';
    emu.emit(t, 'payout.updated', po, { account, request: null, previous: { status: 'pending' } });
  });
  emu.clock.schedule(po.arrival_date, `payout ${po.id}`, () => settlePayout(emu, t, po, failure ? 'failed' : 'paid', failure ?? undefined));
  return po;
}

export function defaultBank(t: Tenant, account: string): Stripe.BankAccount | undefined {
  const banks = (t.accounts.get(account)?.external_accounts?.data ?? []).filter((x): x is Stripe.BankAccount => x.object === 'bank_account');
  return banks.find((b) => b.default_for_currency) ?? banks[0];
}

function createPayout(ctx: Ctx): Result {
  const t = ctx.tenant;
  const p = ctx.params.allow('amount', 'currency', 'method', 'destination', 'metadata', 'description', 'statement_descriptor', 'source_type');
  const amount = p.reqInt('amount');
  const currency = p.reqStr('currency').toLowerCase();
  if (availableAmount(t, ctx.account, currency) < amount) throw invalid('You have insufficient funds in your Stripe account for this transfer. Your card balance is too low.', 'balance_insufficient', 'amount');
  const requested = p.str('destination');
  const bank = requested ? (t.accounts.get(ctx.account)?.external_accounts?.data ?? []).find((b): b is Stripe.BankAccount => b.object === 'bank_account' && b.id === requested) : defaultBank(t, ctx.account);
  if (requested && !bank) throw invalid(`No such external account: '${requested}'`, 'resource_missing', 'destination', 404);
  const po = startPayout(ctx.emu, t, ctx.account, { amount, currency, bank, method: p.str('method') ?? 'standard', metadata: mergeMetadata(null, p.metadata()), description: p.str('description') ?? null, automatic: false }, ctx.now());
  return objResult(ctx, po);
}

export const balanceRoutes: Route[] = [
  api('GET', '/v1/balance', (ctx) => json(balanceFor(ctx.tenant, ctx.account))),
  api('GET', '/v1/balance_transactions', (ctx) => {
    const type = ctx.params.str('type');
    const source = ctx.params.str('source');
    const payoutId = ctx.params.str('payout');
    const created = createdFilter(ctx);
    return listResult(ctx, ownedValues(ctx, ctx.tenant.balanceTxns).filter((b) => (!type || b.type === type) && (!source || b.source === source) && (!payoutId || b.source === payoutId) && created(b)), '/v1/balance_transactions');
  }),
  api('GET', '/v1/balance_transactions/:id', (ctx) => objResult(ctx, owned(ctx, ctx.tenant.balanceTxns, ctx.param('id'), 'balance_transaction'))),
  api('POST', '/v1/payouts', createPayout),
  api('GET', '/v1/payouts', (ctx) => {
    const status = ctx.params.str('status');
    return listResult(ctx, ownedValues(ctx, ctx.tenant.payouts).filter((p) => !status || p.status === status), '/v1/payouts');
  }),
  api('GET', '/v1/payouts/:id', (ctx) => objResult(ctx, owned(ctx, ctx.tenant.payouts, ctx.param('id'), 'payout'))),
  api('POST', '/v1/payouts/:id/cancel', (ctx) => {
    const po = owned(ctx, ctx.tenant.payouts, ctx.param('id'), 'payout');
    if (po.status !== 'pending') throw invalid('Payouts can only be canceled while they are pending.', 'payout_not_cancelable');
    po.status = 'canceled';
    addTxn(ctx.emu, ctx.tenant, { account: ctx.account, amount: po.amount, currency: po.currency, type: 'payout_cancel', source: po.id });
    ctx.emit('payout.canceled', po, ctx.account, { status: 'pending' });
    return objResult(ctx, po);
  }),
  api('POST', '/_emu/payouts/:id/settle', (ctx) => {
    const id = ctx.param('id');
    const po = ctx.tenant.payouts.get(id);
    if (!po) throw notFound('payout', id);
    const outcome = ctx.params.str('outcome') ?? ctx.params.str('status') ?? 'paid';
    const code = ctx.params.str('failure_code');
    const failure = code ? Object.values(PAYOUT_FAILURES).find((f) => f.code === code) ?? { code, message: `The payout failed (${code}).` } : undefined;
    settlePayout(ctx.emu, ctx.tenant, po, outcome === 'failed' ? 'failed' : 'paid', failure);
    return objResult(ctx, po);
  }),
  api('POST', '/_emu/balance/release', (ctx) => {
    const account = ctx.params.str('account');
    releaseFunds(ctx.emu, ctx.tenant, true, account ?? (ctx.isPlatform ? undefined : ctx.account));
    return json({ platform: balanceFor(ctx.tenant, ctx.tenant.platformId), account: idOf(account ?? null) });
  }),
];
