import "server-only";
import type { Database } from "@/db/client";
import { statementCsv } from "./csv";
import { holderStatementBalances, holderStatementRows } from "./holder-statement";
import type { StatementHolder } from "./holder";
import { statementPdf } from "./pdf";
import type { DateRange } from "./query";

/** A holder's statement as CSV text chunks, pulled as the consumer reads: constant memory however long it is. */
export function holderStatementCsv(db: Database, holder: StatementHolder, range: DateRange): AsyncGenerator<string> {
  return statementCsv(holderStatementRows(db, holder, range));
}

/** A holder's statement as a PDF, with the period's opening and closing balances in its header. */
export async function holderStatementPdf(
  db: Database,
  holder: StatementHolder,
  range: DateRange,
  heading: { holderName: string; accountLabel: string },
): Promise<Uint8Array> {
  const balances = await holderStatementBalances(db, holder, range);
  return statementPdf({ ...heading, from: range.from, to: range.to, ...balances, rows: holderStatementRows(db, holder, range) });
}
