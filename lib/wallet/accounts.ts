import "server-only";
import type { Database } from "@/db/client";
import { env } from "@/lib/env";
import { findAccount, getBalance, getOrCreateAccount, type LedgerAccount } from "@/lib/ledger/accounts";
import type { Money } from "@/lib/money";

/** The platform's wallet currency (PLAZA_CURRENCY); every wallet, IOU and top-up is in it. */
export function walletCurrency(): string {
  return env().PLAZA_CURRENCY;
}

/** The member's wallet account, created on first use: for postings only (reads use walletBalance). */
export function memberWalletAccount(db: Database, userId: string): Promise<LedgerAccount> {
  return getOrCreateAccount(db, { kind: "member_wallet", ownerUserId: userId, currency: walletCurrency() });
}

export function organisationAccount(db: Database, organisationId: string): Promise<LedgerAccount> {
  return getOrCreateAccount(db, { kind: "organisation", ownerOrganisationId: organisationId, currency: walletCurrency() });
}

/** Money Stripe holds for the platform: the other side of every card top-up (a hot, sharded account). */
export function stripeClearingAccount(db: Database): Promise<LedgerAccount> {
  return getOrCreateAccount(db, { kind: "stripe_clearing", currency: walletCurrency() });
}

/** The member's wallet account if it exists (reads never create one). */
export function findMemberWalletAccount(db: Database, userId: string): Promise<LedgerAccount | null> {
  return findAccount(db, { kind: "member_wallet", ownerUserId: userId, currency: walletCurrency() });
}

/** A wallet's balance; a member who never had money reads zero (and no account is created for them). */
export async function walletBalance(db: Database, userId: string): Promise<Money> {
  const account = await findMemberWalletAccount(db, userId);
  return account ? getBalance(db, account.id) : { amount: 0, currency: walletCurrency() };
}

/** The organisation's account if it exists (reads never create one). */
export function findOrganisationAccount(db: Database, organisationId: string): Promise<LedgerAccount | null> {
  return findAccount(db, { kind: "organisation", ownerOrganisationId: organisationId, currency: walletCurrency() });
}

/** An organisation's balance; one that never held money reads zero (nothing is created). */
export async function organisationBalance(db: Database, organisationId: string): Promise<Money> {
  const account = await findOrganisationAccount(db, organisationId);
  return account ? getBalance(db, account.id) : { amount: 0, currency: walletCurrency() };
}
