import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { ledgerTransactionType, type LedgerTransactionType } from "@/db/schema";
import { AppError, validationError } from "@/lib/errors";
import { isTransactionType } from "@/lib/ledger/post";
import { int, optStr, queryRows, str, date } from "@/lib/ledger/sql-values";
import { startOfDay, nextDay } from "@/lib/settlement/days";
import { calendarDate } from "@/lib/validation/dates";
import { csvAmount, csvDocument, type CsvCell } from "./csv";

/** Every ledger transaction type, for filters. */
export const TRANSACTION_TYPES: readonly LedgerTransactionType[] = ledgerTransactionType.enumValues;

export interface TransactionListRow {
  id: number;
  reference: string;
  type: LedgerTransactionType;
  description: string;
  /** Money moved: the sum of the positive entries. */
  amount: number;
  currency: string;
  createdAt: Date;
  orderId: string | null;
  stripeObjectId: string | null;
}

export const transactionsQuery = z.object({
  type: z.enum(ledgerTransactionType.enumValues, { error: "type must be a ledger transaction type" }).optional(),
  from: calendarDate("from must be a real date like 2026-11-01").transform((d) => d.toISOString().slice(0, 10)).optional(),
  to: calendarDate("to must be a real date like 2026-11-30").transform((d) => d.toISOString().slice(0, 10)).optional(),
  cursor: z.string().regex(/^\d{1,16}\.\d{1,19}$/, "cursor is not one this list gave").optional(),
});

export interface TransactionsFilter {
  type?: LedgerTransactionType;
  /** Inclusive day, PLAZA_TIME_ZONE. */
  from?: string;
  /** Inclusive day. */
  to?: string;
  cursor?: string;
}

export function parseTransactionsQuery(params: URLSearchParams): TransactionsFilter {
  const raw = Object.fromEntries(["type", "from", "to", "cursor"].map((k) => [k, params.get(k) || undefined]));
  const parsed = transactionsQuery.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  if (parsed.data.from && parsed.data.to && parsed.data.from > parsed.data.to) throw new AppError("validation_failed", "to: the end date must not be before the start date.", { param: "to" });
  return parsed.data;
}

/** Ledger transactions newest first, by type and date range, keyset paged on (created_at, id): no OFFSET. */
export async function listTransactions(db: Database, f: TransactionsFilter, limit = 50): Promise<{ rows: TransactionListRow[]; nextCursor: string | null }> {
  const conds = [sql`true`];
  if (f.type) conds.push(sql`t.type = ${f.type}`);
  if (f.from) conds.push(sql`t.created_at >= ${startOfDay(f.from).toISOString()}::timestamptz`);
  if (f.to) conds.push(sql`t.created_at < ${startOfDay(nextDay(f.to)).toISOString()}::timestamptz`);
  if (f.cursor) {
    const [micros, id] = f.cursor.split(".");
    conds.push(sql`(t.created_at, t.id) < (timestamptz 'epoch' + ${micros}::bigint * interval '1 microsecond', ${id}::bigint)`);
  }
  const rows = await queryRows(
    db,
    sql`select t.id, t.reference, t.type, t.description, t.order_id, t.stripe_object_id, t.created_at,
               (extract(epoch from t.created_at) * 1000000)::bigint::text as micros,
               m.amount::text as amount, m.currency
        from ledger_transactions t
        join lateral (select coalesce(sum(e.amount) filter (where e.amount > 0), 0) as amount, min(e.currency) as currency
                      from ledger_entries e where e.transaction_id = t.id) m on true
        where ${sql.join(conds, sql` and `)}
        order by t.created_at desc, t.id desc
        limit ${limit + 1}`,
  );
  const list = rows.slice(0, limit).map((r) => {
    const type = str(r.type);
    if (!isTransactionType(type)) throw new Error(`unexpected type ${type}`);
    return {
      id: int(r.id),
      reference: str(r.reference),
      type,
      description: str(r.description),
      amount: int(r.amount),
      currency: str(r.currency),
      createdAt: date(r.created_at),
      orderId: optStr(r.order_id),
      stripeObjectId: optStr(r.stripe_object_id),
      micros: str(r.micros),
    };
  });
  const last = list[list.length - 1];
  return { rows: list, nextCursor: rows.length > limit && last ? `${last.micros}.${last.id}` : null };
}

/** Every matching transaction as CSV (ISO 8601 dates, amounts in major units), fetched page by page. */
export async function transactionsCsv(db: Database, f: TransactionsFilter): Promise<string> {
  const out: CsvCell[][] = [];
  let cursor: string | undefined;
  do {
    const page = await listTransactions(db, { ...f, cursor }, 1000);
    for (const r of page.rows) out.push([r.createdAt.toISOString(), r.reference, r.type, r.description, r.currency.toUpperCase(), csvAmount(r.amount, r.currency), r.orderId, r.stripeObjectId]);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && out.length < 200_000);
  return csvDocument(["Date", "Reference", "Type", "Description", "Currency", "Amount", "Order", "Stripe object"], out);
}

export function isTransactionTypeName(value: string): value is LedgerTransactionType {
  return isTransactionType(value);
}
