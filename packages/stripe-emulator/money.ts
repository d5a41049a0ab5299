import type Stripe from 'stripe';
import type { Emulator } from './emulator.js';
import { balanceTransaction } from './objects.js';
import type { Tenant } from './store.js';

export const PENDING_SECONDS = 2 * 86400;

/** Stripe processing fee: round(amount × 2.9%) + 30 (configurable). */
export function stripeFee(emu: Emulator, amount: number): number {
  return Math.round((amount * emu.config.stripeFeePercent) / 100) + emu.config.stripeFeeFixed;
}

export interface TxnInput {
  account: string;
  amount: number;
  currency: string;
  type: Stripe.BalanceTransaction.Type;
  source: string | null;
  fees?: { stripe?: number; application?: number; applicationId?: string | null };
  pending?: boolean;
  description?: string | null;
}

/** Records a balance transaction; pending ones become available at created + 2 days on the clock. */
export function addTxn(emu: Emulator, t: Tenant, input: TxnInput): Stripe.BalanceTransaction {
  const now = emu.clock.now();
  const fee_details: Stripe.BalanceTransaction.FeeDetail[] = [];
  if (input.fees?.stripe) fee_details.push({ amount: input.fees.stripe, application: null, currency: input.currency, description: 'Stripe processing fees', type: 'stripe_fee' });
  if (input.fees?.application) fee_details.push({ amount: input.fees.application, application: input.fees.applicationId ?? t.clientId, currency: input.currency, description: 'Application fee', type: 'application_fee' });
  const fee = fee_details.reduce((s, f) => s + f.amount, 0);
  const pending = input.pending ?? false;
  const availableOn = pending ? now + PENDING_SECONDS : now;
  const txn = t.put(t.balanceTxns, balanceTransaction(t.newId('txn'), now, {
    amount: input.amount, currency: input.currency, type: input.type, fee, fee_details, net: input.amount - fee, source: input.source,
    status: pending ? 'pending' : 'available', available_on: availableOn, description: input.description ?? null,
    reporting_category: reportingCategory(input.type),
  }), input.account);
  if (pending) emu.clock.schedule(availableOn, `release ${txn.id}`, () => releaseFunds(emu, t));
  return txn;
}

function reportingCategory(type: Stripe.BalanceTransaction.Type): string {
  switch (type) {
    case 'payment': case 'charge': return 'charge';
    case 'payment_refund': return 'refund';
    case 'transfer_refund': return 'transfer_reversal';
    case 'application_fee_refund': return 'platform_earning_refund';
    case 'application_fee': return 'platform_earning';
    default: return type;
  }
}

/** Flips due pending transactions to available; emits balance.available per affected account. */
export function releaseFunds(emu: Emulator, t: Tenant, force = false, onlyAccount?: string): void {
  const now = emu.clock.now();
  const touched = new Set<string>();
  for (const txn of t.balanceTxns.values()) {
    const owner = t.owner.get(txn.id) ?? t.platformId;
    if (onlyAccount && owner !== onlyAccount) continue;
    if (txn.status === 'pending' && (force || txn.available_on <= now)) {
      txn.status = 'available';
      if (force) txn.available_on = now;
      touched.add(owner);
    }
  }
  for (const acct of touched) emu.emit(t, 'balance.available', balanceFor(t, acct), { account: acct, request: null });
}

export function balanceFor(t: Tenant, account: string): Stripe.Balance {
  const avail = new Map<string, number>();
  const pend = new Map<string, number>();
  for (const txn of t.balanceTxns.values()) {
    if ((t.owner.get(txn.id) ?? t.platformId) !== account) continue;
    const m = txn.status === 'available' ? avail : pend;
    m.set(txn.currency, (m.get(txn.currency) ?? 0) + txn.net);
  }
  const currencies = new Set(['usd', ...avail.keys(), ...pend.keys()]);
  const list = (m: Map<string, number>): Stripe.Balance.Available[] => [...currencies].map((c) => ({ amount: m.get(c) ?? 0, currency: c, source_types: { card: m.get(c) ?? 0 } }));
  return {
    object: 'balance', available: list(avail), pending: list(pend),
    connect_reserved: [...currencies].map((c) => ({ amount: 0, currency: c })), livemode: false,
    refund_and_dispute_prefunding: { available: [...currencies].map((c) => ({ amount: 0, currency: c })), pending: [...currencies].map((c) => ({ amount: 0, currency: c })) },
  };
}

export function availableAmount(t: Tenant, account: string, currency: string): number {
  return balanceFor(t, account).available.find((a) => a.currency === currency)?.amount ?? 0;
}
