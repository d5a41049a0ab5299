import "server-only";
import type { Database } from "@/db/client";
import { env } from "@/lib/env";
import { findAccount, getBalance, type LedgerAccount } from "@/lib/ledger/accounts";
import type { Money } from "@/lib/money";

/** Whose statement: a member's wallet or an organisation's account, in the platform currency. */
export type StatementHolder = { userId: string } | { organisationId: string };

/** The platform's currency (PLAZA_CURRENCY): wallets and organisation accounts are kept in it. */
export function platformCurrency(): string {
  return env().PLAZA_CURRENCY;
}

/**
 * The holder's account, or null when nothing was ever posted to it. Read-only: the account is created by the
 * first posting, never by someone looking at a statement or a balance.
 */
export function findHolderAccount(db: Database, holder: StatementHolder): Promise<LedgerAccount | null> {
  const currency = platformCurrency();
  return "userId" in holder
    ? findAccount(db, { kind: "member_wallet", ownerUserId: holder.userId, currency })
    : findAccount(db, { kind: "organisation", ownerOrganisationId: holder.organisationId, currency });
}

/** The holder's current balance; zero in the platform currency when the account does not exist yet. */
export async function holderBalance(db: Database, holder: StatementHolder): Promise<Money> {
  const account = await findHolderAccount(db, holder);
  return account ? getBalance(db, account.id) : { amount: 0, currency: platformCurrency() };
}
