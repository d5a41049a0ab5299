import "server-only";
import type { Database } from "@/db/client";
import { env } from "@/lib/env";
import { getBalance, getOrCreateAccount, type LedgerAccount } from "@/lib/ledger/accounts";
import type { Money } from "@/lib/money";

/** The platform's wallet currency (PLAZA_CURRENCY); every wallet, IOU and top-up is in it. */
export function walletCurrency(): string {
  return env().PLAZA_CURRENCY;
}

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

export async function walletBalance(db: Database, userId: string): Promise<Money> {
  return getBalance(db, (await memberWalletAccount(db, userId)).id);
}
