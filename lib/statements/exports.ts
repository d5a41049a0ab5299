import "server-only";
import type { Database } from "@/db/client";
import { STATEMENT_CSV_HEADER } from "./csv";
import { accountStatementCsv } from "./csv-export";
import { holderStatementBalances, holderStatementRows } from "./holder-statement";
import { findHolderAccount, type StatementHolder } from "./holder";
import { statementPdfChunks } from "./pdf";
import type { DateRange } from "./query";

/** A holder's statement as CSV text chunks, pulled as the consumer reads: constant memory however long it is. */
export async function* holderStatementCsv(db: Database, holder: StatementHolder, range: DateRange): AsyncGenerator<string> {
  const account = await findHolderAccount(db, holder);
  if (account) yield* accountStatementCsv(db, { accountId: account.id, ...range });
  else yield `${STATEMENT_CSV_HEADER}\r\n`;
}

/**
 * A holder's statement as PDF bytes, page by page as the consumer reads (flat memory however long it is), with
 * the period's opening and closing balances in its header.
 */
export async function* holderStatementPdfChunks(
  db: Database,
  holder: StatementHolder,
  range: DateRange,
  heading: { holderName: string; accountLabel: string },
): AsyncGenerator<Uint8Array> {
  const balances = await holderStatementBalances(db, holder, range);
  yield* statementPdfChunks({ ...heading, from: range.from, to: range.to, ...balances, rows: holderStatementRows(db, holder, range) });
}

/** The same PDF in one buffer (small statements, tests). */
export async function holderStatementPdf(db: Database, holder: StatementHolder, range: DateRange, heading: { holderName: string; accountLabel: string }): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of holderStatementPdfChunks(db, holder, range, heading)) chunks.push(chunk);
  return Buffer.concat(chunks);
}
