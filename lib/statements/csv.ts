import { currencyExponent, minorToMajorString } from "@/lib/money";
import type { LedgerTransactionType } from "@/db/schema";
import { TRANSACTION_TYPE_LABELS } from "./labels";
import type { StatementRow } from "./types";

export const STATEMENT_CSV_HEADER = "Date,Counterparty,Reference,Type,Description,Amount,Balance";

/**
 * The two tests of csvTextCell, as pattern sources that JavaScript's RegExp and Postgres's regular expressions
 * read alike (literal characters in brackets, the "-" last), so the SQL export (csv-export.ts) applies the same
 * rules: a cell starting with = + - @ (or a tab or CR) is guarded; one holding a quote, comma, CR or LF is quoted.
 */
export const CSV_GUARD_PATTERN = "^[=+@\t\r-]";
export const CSV_QUOTE_PATTERN = '[",\r\n]';
const NEEDS_GUARD = new RegExp(CSV_GUARD_PATTERN);
const NEEDS_QUOTES = new RegExp(CSV_QUOTE_PATTERN);
/** A cell that must be guarded or quoted. */
const NEEDS_WORK = new RegExp(`${CSV_GUARD_PATTERN}|${CSV_QUOTE_PATTERN}`);

/**
 * RFC 4180 quoting, plus the spreadsheet formula-injection guard: a text cell starting with = + - @ (or a tab or
 * carriage return) is prefixed with an apostrophe so Excel/Sheets show it instead of evaluating it. Only text
 * cells are guarded; Amount and Balance are numbers Plaza formats itself, and a leading "-" there is a sign.
 */
export function csvTextCell(value: string): string {
  // Fast path (nearly every cell): nothing to guard or quote.
  if (!NEEDS_WORK.test(value)) return value;
  const guarded = NEEDS_GUARD.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}
/** "2026-11-22T03:35:00Z": UTC, to the second, sortable. */
export function csvDate(d: Date): string {
  const iso = d.toISOString();
  // "YYYY-MM-DDTHH:mm:ss.sssZ" for years 0-9999; other years (±YYYYYY) take the general path.
  return iso.length === 24 ? `${iso.slice(0, 19)}Z` : iso.replace(/\.\d{3}Z$/, "Z");
}

const TYPE_CELLS = new Map<LedgerTransactionType, string>();
const EXPONENTS = new Map<string, number>();

/** Same text as minorToMajorString (tested), without re-validating the currency code on every row. */
function major(amount: number, currency: string): string {
  let exp = EXPONENTS.get(currency);
  if (exp === undefined) {
    exp = currencyExponent(currency);
    EXPONENTS.set(currency, exp);
  }
  if (!Number.isSafeInteger(amount)) return minorToMajorString(amount, currency); // throws the usual error
  const negative = amount < 0;
  const digits = Math.abs(amount).toString();
  if (exp === 0) return negative ? `-${digits}` : digits;
  const padded = digits.length > exp ? digits : digits.padStart(exp + 1, "0");
  const cut = padded.length - exp;
  return `${negative ? "-" : ""}${padded.slice(0, cut)}.${padded.slice(cut)}`;
}

export function statementCsvLine(r: StatementRow): string {
  let typeCell = TYPE_CELLS.get(r.type);
  if (typeCell === undefined) {
    typeCell = csvTextCell(TRANSACTION_TYPE_LABELS[r.type]);
    TYPE_CELLS.set(r.type, typeCell);
  }
  return `${csvDate(r.date)},${csvTextCell(r.counterparty ?? "")},${csvTextCell(r.reference)},${typeCell},${csvTextCell(r.description)},${major(r.amount, r.currency)},${major(r.balance, r.currency)}`;
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

/**
 * The same CSV text as statementCsv, one chunk per batch of rows (streamStatementRowBatches): no await per row,
 * which at 1M rows was a tenth of the export's time. The header comes first, on its own.
 */
export async function* statementCsvBatches(batches: AsyncIterable<StatementRow[]>): AsyncGenerator<string> {
  yield `${STATEMENT_CSV_HEADER}\r\n`;
  for await (const batch of batches) {
    let chunk = "";
    for (const row of batch) chunk += `${statementCsvLine(row)}\r\n`;
    if (chunk) yield chunk;
  }
}

/** An amount cell in major units ("12.50"), as the statement's Amount column. */
export function csvAmount(amount: number, currency: string): string {
  return major(amount, currency);
}
