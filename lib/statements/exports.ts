import "server-only";
import type { Database } from "@/db/client";
import { statementCsvBatches } from "./csv";
import { holderStatementBalances, holderStatementRowBatches, holderStatementRows } from "./holder-statement";
import type { StatementHolder } from "./holder";
import { statementPdfChunks } from "./pdf";
import type { DateRange } from "./query";

/** A holder's statement as CSV text chunks, pulled as the consumer reads: constant memory however long it is. */
export function holderStatementCsv(db: Database, holder: StatementHolder, range: DateRange): AsyncGenerator<string> {
  return statementCsvBatches(holderStatementRowBatches(db, holder, range));
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
