import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { ledgerTransactionType } from "@/db/schema";
import { streamStatementTextBatches, type StatementColumns, type StatementRange } from "@/lib/ledger/statement";
import { currencyExponent } from "@/lib/money";
import { CounterpartyNames } from "./counterparties";
import { CSV_GUARD_PATTERN, CSV_QUOTE_PATTERN, csvTextCell, STATEMENT_CSV_HEADER, statementCsvBatches } from "./csv";
import { TRANSACTION_TYPE_LABELS } from "./labels";
import { streamStatementRowBatches } from "./rows";

/**
 * The statement CSV with its lines written by Postgres: the same bytes as statementCsvBatches (property-tested
 * in csv-export.test.ts), by the same rules as csv.ts, expressed in SQL. At 1M rows Node's share of the export
 * was formatting (dates, amounts, the guard); here it only names the counterparty, one cached cell per account.
 */

// csvTextCell's own tests, given to Postgres as parameters.
const NEEDS_WORK = `${CSV_GUARD_PATTERN}|${CSV_QUOTE_PATTERN}`;

function textCell(x: SQL): SQL {
  const guarded = sql`(case when ${x} ~ ${CSV_GUARD_PATTERN} then '''' || ${x} else ${x} end)`;
  return sql`(case when ${x} !~ ${NEEDS_WORK} then ${x}
                   when ${x} ~ ${CSV_QUOTE_PATTERN} then '"' || replace(${guarded}, '"', '""') || '"'
                   else ${guarded} end)`;
}

/** minorToMajorString in SQL: "-0.05", "12.50", "1200" (exponent 0). */
function majorCell(x: SQL, currency: string): SQL {
  const exponent = currencyExponent(currency);
  if (exponent === 0) return sql`${x}::text`;
  const scale = sql.raw(String(10 ** exponent));
  return sql`(case when ${x} < 0 then '-' else '' end || (abs(${x}) / ${scale})::text || '.' || lpad((abs(${x}) % ${scale})::text, ${sql.raw(String(exponent))}, '0'))`;
}

function typeCell(x: SQL): SQL {
  const labels = ledgerTransactionType.enumValues.map((type) => sql`when ${type} then ${csvTextCell(TRANSACTION_TYPE_LABELS[type])}`);
  return sql`(case ${x} ${sql.join(labels, sql` `)} end)`;
}

/** Everything before the counterparty cell: the date as csvDate writes it, and a comma. */
function beforeCounterparty(c: StatementColumns): SQL {
  return sql`to_char(${c.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || ','`;
}

/** Everything after it: reference, type, description, amount and balance, each after a comma. */
function afterCounterparty(c: StatementColumns): SQL {
  return sql`',' || ${textCell(c.reference)} || ',' || ${typeCell(c.type)} || ',' || ${textCell(c.description)}
             || ',' || ${majorCell(c.amount, c.currency)} || ',' || ${majorCell(c.balance, c.currency)}`;
}

/**
 * An account's statement as CSV text chunks, oldest first, one chunk per batch; flat memory however long it is.
 * A multi-row (hot) account, whose running balance the ledger computes as it reads, takes the row-by-row path.
 */
export async function* accountStatementCsv(db: Database, range: StatementRange & { batchSize?: number }): AsyncGenerator<string> {
  const batches = await streamStatementTextBatches(db, range, { before: beforeCounterparty, after: afterCounterparty });
  if (!batches) {
    yield* statementCsvBatches(streamStatementRowBatches(db, range));
    return;
  }
  yield `${STATEMENT_CSV_HEADER}\r\n`;
  const names = new CounterpartyNames(db);
  const cells = new Map<number, string>();
  const cellOf = (accountId: number): string => {
    let cell = cells.get(accountId);
    if (cell === undefined) {
      cell = csvTextCell(names.get(accountId) ?? "");
      cells.set(accountId, cell);
    }
    return cell;
  };
  for await (const batch of batches) {
    await names.load(batch.map((r) => r[1]));
    let chunk = "";
    for (const [before, counterparty, after] of batch) chunk += `${before}${counterparty === null ? "" : cellOf(counterparty)}${after}\r\n`;
    yield chunk;
  }
}
