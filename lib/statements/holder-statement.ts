import "server-only";
import type { Database } from "@/db/client";
import { LedgerError } from "@/lib/ledger/errors";
import { organisationSummaryByType, statementBalances, type TypeSummary } from "@/lib/ledger/statement";
import { walletCurrency } from "@/lib/wallet/accounts";
import { findHolderAccount, type StatementHolder } from "./holder";
import type { DateRange } from "./query";
import { getStatementPage, streamStatementRows } from "./rows";
import type { StatementBalances, StatementPage, StatementRow } from "./types";

/**
 * Statements by holder rather than by account id, for pages and downloads. None of them creates an account: a
 * holder without one reads as an empty statement with zero balances in the platform currency.
 */

function zeroBalances(): StatementBalances {
  const zero = { amount: 0, currency: walletCurrency() };
  return { openingBalance: zero, closingBalance: zero };
}

/** One keyset page, newest first. */
export async function holderStatementPage(db: Database, holder: StatementHolder, q: DateRange & { cursor?: string | null; limit?: number }): Promise<StatementPage> {
  const account = await findHolderAccount(db, holder);
  if (!account) return { rows: [], nextCursor: null, ...zeroBalances() };
  return getStatementPage(db, { accountId: account.id, ...q });
}

/** One keyset page for a page's query string; a cursor that does not decode starts again from the newest rows. */
export async function loadStatementPage(
  db: Database,
  holder: StatementHolder,
  q: { range: DateRange; cursor: string | null },
  limit = 25,
): Promise<{ page: StatementPage; cursorError: boolean }> {
  try {
    return { page: await holderStatementPage(db, holder, { ...q.range, cursor: q.cursor, limit }), cursorError: false };
  } catch (e) {
    if (e instanceof LedgerError && e.code === "invalid_cursor" && q.cursor) {
      return { page: await holderStatementPage(db, holder, { ...q.range, limit }), cursorError: true };
    }
    throw e;
  }
}

/** Every row, oldest first, streamed in batches (for the PDF). */
export async function* holderStatementRows(db: Database, holder: StatementHolder, range: DateRange): AsyncGenerator<StatementRow> {
  const account = await findHolderAccount(db, holder);
  if (account) yield* streamStatementRows(db, { accountId: account.id, ...range });
}

export async function holderStatementBalances(db: Database, holder: StatementHolder, range: DateRange): Promise<StatementBalances> {
  const account = await findHolderAccount(db, holder);
  return account ? statementBalances(db, { accountId: account.id, ...range }) : zeroBalances();
}

/** Totals by transaction type over [from, to). */
export async function holderSummaryByType(db: Database, holder: StatementHolder, from: Date, to: Date): Promise<TypeSummary[]> {
  const account = await findHolderAccount(db, holder);
  return account ? organisationSummaryByType(db, account.id, from, to) : [];
}
