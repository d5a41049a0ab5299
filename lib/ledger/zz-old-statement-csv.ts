import { minorToMajorString } from "@/lib/money";
import { TRANSACTION_TYPE_LABELS } from "./labels";
import type { StatementRow } from "./zz-old-statement";

export const STATEMENT_CSV_HEADER = "Date,Counterparty,Reference,Type,Description,Amount,Balance";

/**
 * RFC 4180 quoting, plus the spreadsheet formula-injection guard: a text cell starting with = + - @ (or a tab or
 * carriage return) is prefixed with an apostrophe so Excel/Sheets show it instead of evaluating it. Only text
 * cells are guarded; Amount and Balance are numbers Plaza formats itself, and a leading "-" there is a sign.
 */
export function csvTextCell(value: string): string {
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** "2026-11-22T03:35:00Z": UTC, to the second, sortable. */
function csvDate(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function statementCsvLine(r: StatementRow): string {
  return [
    csvDate(r.date),
    csvTextCell(r.counterparty ?? ""),
    csvTextCell(r.reference),
    csvTextCell(TRANSACTION_TYPE_LABELS[r.type]),
    csvTextCell(r.description),
    minorToMajorString(r.amount, r.currency),
    minorToMajorString(r.balance, r.currency),
  ].join(",");
}

/**
 * CSV text in chunks of about `chunkSize` characters, pulled from `rows` as the consumer reads (so a 1M-row
 * export streams with flat memory when `rows` is streamStatementRows). Lines end with CRLF as RFC 4180 says.
 */
export async function* statementCsv(rows: AsyncIterable<StatementRow> | Iterable<StatementRow>, chunkSize = 64 * 1024): AsyncGenerator<string> {
  let chunk = `${STATEMENT_CSV_HEADER}\r\n`;
  for await (const row of rows) {
    chunk += `${statementCsvLine(row)}\r\n`;
    if (chunk.length >= chunkSize) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk) yield chunk;
}
