import "server-only";
import type { Database } from "@/db/client";
import type { LedgerAccount } from "@/lib/ledger/accounts";
import { findMemberWalletAccount, findOrganisationAccount, organisationBalance, walletBalance } from "@/lib/wallet/accounts";
import type { Money } from "@/lib/money";

/** Whose statement: a member's wallet or an organisation's account, in the platform currency. */
export type StatementHolder = { userId: string } | { organisationId: string };

/**
 * The holder's account, or null when nothing was ever posted to it. Read-only: the account is created by the
 * first posting, never by someone looking at a statement or a balance.
 */
export function findHolderAccount(db: Database, holder: StatementHolder): Promise<LedgerAccount | null> {
  return "userId" in holder ? findMemberWalletAccount(db, holder.userId) : findOrganisationAccount(db, holder.organisationId);
}

/** The holder's current balance; zero in the platform currency when the account does not exist yet. */
export function holderBalance(db: Database, holder: StatementHolder): Promise<Money> {
  return "userId" in holder ? walletBalance(db, holder.userId) : organisationBalance(db, holder.organisationId);
}
