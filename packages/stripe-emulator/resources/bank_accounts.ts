import type Stripe from 'stripe';
import { invalid } from '../errors.js';

/**
 * Stripe's US test bank accounts (routing 110000000, docs.stripe.com/connect/testing#account-numbers): which
 * account numbers pay out and which fail, with the failure code and message Stripe puts on the failed payout.
 */
export const TEST_ROUTING_NUMBER = '110000000';
export const SUCCESS_ACCOUNT_NUMBER = '000123456789';

export interface PayoutFailure { code: string; message: string }

export const PAYOUT_FAILURES: Record<string, PayoutFailure> = {
  '000111111116': { code: 'no_account', message: 'The bank account details on file are probably incorrect. No bank account could be located with those details.' },
  '000111111113': { code: 'account_closed', message: 'The bank account has been closed.' },
  '000222222227': { code: 'insufficient_funds', message: 'Your Stripe account has insufficient funds to cover the payout.' },
  '000333333335': { code: 'debit_not_authorized', message: 'Debit transactions are not approved on the bank account. (Stripe requires bank accounts to be set up for both credit and debit payouts.)' },
  '000444444440': { code: 'invalid_currency', message: 'The bank was unable to process this payout because of its currency. This is probably because the bank account cannot accept payments in that currency.' },
};

/** Bank account tokens Stripe's test mode accepts, and the account number each stands for. */
export const BANK_TOKENS: Record<string, string> = {
  btok_us_verified: SUCCESS_ACCOUNT_NUMBER,
  btok_us: SUCCESS_ACCOUNT_NUMBER,
  btok_us_verified_noAccount: '000111111116',
  btok_us_verified_accountClosed: '000111111113',
  btok_us_verified_insufficientFunds: '000222222227',
  btok_us_verified_debitNotAuthorized: '000333333335',
  btok_us_verified_invalidCurrency: '000444444440',
};

/** The account number of every bank account the emulator created (Stripe shows only last4). */
const numbers = new WeakMap<Stripe.BankAccount, string>();

export function rememberNumber(ba: Stripe.BankAccount, accountNumber: string): void {
  numbers.set(ba, accountNumber);
}

export function payoutFailureFor(ba: Stripe.BankAccount | undefined): PayoutFailure | null {
  const n = ba ? numbers.get(ba) : undefined;
  return n ? PAYOUT_FAILURES[n] ?? null : null;
}

export function numberForToken(token: string, param: string): string {
  const n = BANK_TOKENS[token];
  if (!n) throw invalid(`No such token: '${token}'`, 'resource_missing', param, 404);
  return n;
}

export function checkBankNumbers(accountNumber: string, routing: string, param: string): void {
  if (!/^\d{9}$/.test(routing)) throw invalid('Routing number must have 9 digits', 'routing_number_invalid', `${param}[routing_number]`);
  if (!/^\d{4,17}$/.test(accountNumber)) throw invalid('You must use a test bank account number in test mode. Try 000123456789 or see more options at https://stripe.com/docs/connect/testing#account-numbers.', 'account_number_invalid', `${param}[account_number]`);
}
