import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import type { LedgerTransactionType } from "@/db/schema";
import type { Money } from "@/lib/money";
import { accountRowIds, getAccount } from "./accounts";
import { LedgerError } from "./errors";
import { isTransactionType } from "./post";
import { date, int, queryArrays, queryRows, str, timestamp, type Row } from "./sql-values";

/**
 * Account statements. Rows are read by keyset pagination over ledger_entries_statement_idx
 * (account_id, created_at, id): cost is the same on page 1 and page 20 000, there is no OFFSET and no count(*).
 * Per account, created_at (clock_timestamp at insert, under the account's row lock) and id both grow with
 * account_version, so this order is the posting order and balance_after is the running balance.
 *
 * Hot accounts span several rows (shards): their running balance is computed from the balance at the start of
 * the page (closing balance, or the one carried in the cursor) minus the amounts read.
 *
 * The ledger knows accounts by id only: each row names its counterparty by account id, and whoever shows the
 * statement to people turns that id into a name (lib/statements).
 */
export interface LedgerStatementRow {
  entryId: number;
  transactionId: number;
  date: Date;
  /**
   * The ledger account on the other side (a shard row for a hot account): among the other entries of the same
   * transaction, the one on the opposite side, a member or organisation preferred over a platform account,
   * then the largest. Null only for a transaction without another entry.
   */
  counterpartyAccountId: number | null;
  reference: string;
  type: LedgerTransactionType;
  description: string;
  amount: number;
  currency: string;
  /** Running balance of the account after this row. */
  balance: number;
}

export interface StatementRange {
  accountId: number;
  /** Inclusive lower bound on the entry's time. */
  from?: Date;
  /** Exclusive upper bound (pass the day after the last day shown). */
  to?: Date;
}

export interface StatementPageQuery extends StatementRange {
  /** From the previous page's nextCursor. */
  cursor?: string | null;
  /** 1..500, default 50. */
  limit?: number;
}

export interface LedgerStatementPage {
  /** Newest first. */
  rows: LedgerStatementRow[];
  nextCursor: string | null;
  /** Balance before `from` (0 without `from`) and at `to` (now without `to`). */
  openingBalance: Money;
  closingBalance: Money;
}

interface Cursor {
  /** Entry id of the last row returned. */
  id: number;
  /** Running balance before that row (multi-row accounts only). */
  b?: number;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}

/** A cursor that starts the next page just after (older than) this entry, e.g. to jump to a date. */
export function cursorAfterEntry(entryId: number): string {
  return encodeCursor({ id: entryId });
}

function decodeCursor(cursor: string): Cursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (typeof parsed === "object" && parsed !== null && "id" in parsed && Number.isSafeInteger(parsed.id)) {
      const id = int(parsed.id);
      const b = "b" in parsed && parsed.b !== undefined ? int(parsed.b) : undefined;
      return { id, b };
    }
  } catch {
    // fall through
  }
  throw new LedgerError("invalid_cursor", "this statement cursor is not valid; start again from the first page");
}

function toRow(r: Row, balance: number): LedgerStatementRow {
  const type = str(r.type);
  if (!isTransactionType(type)) throw new Error(`unexpected transaction type ${type}`);
  return {
    entryId: int(r.id),
    transactionId: int(r.transaction_id),
    date: date(r.created_at),
    counterpartyAccountId: r.cp_account === null || r.cp_account === undefined ? null : int(r.cp_account),
    reference: str(r.reference),
    type,
    description: str(r.description),
    amount: int(r.amount),
    currency: str(r.currency),
    balance,
  };
}

/** The rows an account's entries live in; one for ordinary accounts. */
interface Scope {
  ids: number[];
  currency: string;
}

async function scopeOf(db: Database, accountId: number): Promise<Scope> {
  const account = await getAccount(db, accountId);
  const ids = account.shardCount > 1 ? await accountRowIds(db, accountId) : [accountId];
  return { ids, currency: account.currency };
}

function idArray(ids: number[]): string {
  return `{${ids.join(",")}}`;
}

function accountFilter(scope: Scope): SQL {
  return scope.ids.length === 1 ? sql`e.account_id = ${scope.ids[0]}` : sql`e.account_id = any(${idArray(scope.ids)}::bigint[])`;
}

/** Balance at the start of a range: 0 when it starts at the beginning. */
async function openingOf(db: Database, scope: Scope, from: Date | undefined): Promise<number> {
  return from ? balanceBefore(db, scope, from) : 0;
}

/** Sum over the scope's rows of each row's balance just before `before` (its current balance without one). */
async function balanceBefore(db: Database, scope: Scope, before: Date | undefined): Promise<number> {
  const bound = before ? sql`and e.created_at < ${before.toISOString()}::timestamptz` : sql``;
  const rows = await queryRows(
    db,
    sql`select coalesce(sum(x.b), 0)::text as b from unnest(${idArray(scope.ids)}::bigint[]) as r(id)
        left join lateral (select e.balance_after as b from ledger_entries e
                           where e.account_id = r.id ${bound} order by e.created_at desc, e.id desc limit 1) x on true`,
  );
  return int(rows[0]?.b ?? 0, "balance");
}

/**
 * One query for a batch of rows, with the counterparty account: among the other entries of the same transaction,
 * the one on the opposite side, preferring a member or organisation over a platform account, then the largest.
 */
function rowsQuery(scope: Scope, range: StatementRange, after: number | undefined, direction: "asc" | "desc", limit: number): SQL {
  const conditions: SQL[] = [accountFilter(scope)];
  if (range.from) conditions.push(sql`e.created_at >= ${range.from.toISOString()}::timestamptz`);
  if (range.to) conditions.push(sql`e.created_at < ${range.to.toISOString()}::timestamptz`);
  if (after !== undefined) {
    const cmp = direction === "desc" ? sql`<` : sql`>`;
    conditions.push(sql`(e.created_at, e.id) ${cmp} (select c.created_at, c.id from ledger_entries c where c.id = ${after})`);
  }
  const order = direction === "desc" ? sql`e.created_at desc, e.id desc` : sql`e.created_at asc, e.id asc`;
  const own = scope.ids.length === 1 ? sql`o.account_id <> ${scope.ids[0]}` : sql`o.account_id <> all(${idArray(scope.ids)}::bigint[])`;
  return sql`
    select e.id, e.transaction_id, e.created_at, e.amount, e.currency, e.balance_after,
           t.reference, t.type, t.description, cp.account_id as cp_account
    from ledger_entries e
    join ledger_transactions t on t.id = e.transaction_id
    left join lateral (
      select o.account_id
      from ledger_entries o
      join ledger_accounts a on a.id = o.account_id
      where o.transaction_id = e.transaction_id and ${own}
      order by (sign(o.amount) <> sign(e.amount)) desc,
               (a.owner_user_id is null and a.owner_organisation_id is null) asc,
               abs(o.amount) desc, o.id
      limit 1
    ) cp on true
    where ${sql.join(conditions, sql` and `)}
    order by ${order}
    limit ${limit}`;
}

export async function getLedgerStatementPage(db: Database, q: StatementPageQuery): Promise<LedgerStatementPage> {
  const limit = q.limit ?? 50;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 500) throw new LedgerError("invalid_cursor", "limit must be between 1 and 500");
  const scope = await scopeOf(db, q.accountId);
  const cursor = q.cursor ? decodeCursor(q.cursor) : undefined;
  const [raw, opening, closing] = await Promise.all([
    queryRows(db, rowsQuery(scope, q, cursor?.id, "desc", limit + 1)),
    openingOf(db, scope, q.from),
    balanceBefore(db, scope, q.to),
  ]);
  const page = raw.slice(0, limit);
  const single = scope.ids.length === 1;
  // Multi-row (hot) accounts: walk back from the balance at the top of this page.
  let running = cursor?.b ?? closing;
  const rows = page.map((r) => {
    const amount = int(r.amount);
    const balance = single ? int(r.balance_after) : running;
    running -= amount;
    return toRow(r, balance);
  });
  const last = rows.at(-1);
  const nextCursor = raw.length > limit && last ? encodeCursor(single ? { id: last.entryId } : { id: last.entryId, b: running }) : null;
  return {
    rows,
    nextCursor,
    openingBalance: { amount: opening, currency: scope.currency },
    closingBalance: { amount: closing, currency: scope.currency },
  };
}

/**
 * The batch query of streamStatementBatches: the same rows and counterparty choice as rowsQuery, but the
 * counterparty is a scalar subquery over ledger_entries only (one index lookup per row, no joins); "platform
 * account" is membership of `systemIds`. A per-row LATERAL with joins (sort + joins to accounts and the
 * owners' names) cost ~12 µs a row, 3/4 of the export's database time at 1M rows. Ascending only. Columns in
 * the order of STREAM_COLUMNS.
 */
function streamSelect(scope: Scope, systemIds: number[]): SQL {
  return sql`
    select e.id, e.transaction_id, e.created_at, e.amount, e.currency, e.balance_after, t.reference, t.type, t.description,
           ${counterpartyOf(scope, systemIds)} as cp_account
    from ledger_entries e
    join ledger_transactions t on t.id = e.transaction_id`;
}

/** The counterparty account of entry `e` (see streamSelect). */
function counterpartyOf(scope: Scope, systemIds: number[]): SQL {
  const own = scope.ids.length === 1 ? sql`o.account_id <> ${scope.ids[0]}` : sql`o.account_id <> all(${idArray(scope.ids)}::bigint[])`;
  return sql`(select o.account_id from ledger_entries o
            where o.transaction_id = e.transaction_id and ${own}
            order by (sign(o.amount) <> sign(e.amount)) desc, (o.account_id = any(${idArray(systemIds)}::bigint[])) asc,
                     abs(o.amount) desc, o.id
            limit 1)`;
}

/** Keyset batch for multi-row (hot) accounts: rows after entry `after` in (created_at, id) order. */
function streamQuery(scope: Scope, range: StatementRange, after: number | undefined, systemIds: number[], limit: number): SQL {
  const conditions: SQL[] = [accountFilter(scope)];
  if (range.from) conditions.push(sql`e.created_at >= ${range.from.toISOString()}::timestamptz`);
  if (range.to) conditions.push(sql`e.created_at < ${range.to.toISOString()}::timestamptz`);
  if (after !== undefined) conditions.push(sql`(e.created_at, e.id) > (select c.created_at, c.id from ledger_entries c where c.id = ${after})`);
  return sql`${streamSelect(scope, systemIds)}
    where ${sql.join(conditions, sql` and `)}
    order by e.created_at asc, e.id asc
    limit ${limit}`;
}

/**
 * Batch for a single-row account: versions (lo, hi]. An account's versions count its entries 1, 2, 3… in
 * posting order, so the batches are known before any is read and several can be read at once, each an index
 * range on ledger_entries_account_version_unique.
 */
function versionWhere(scope: Scope, lo: number, hi: number): SQL {
  return sql`where e.account_id = ${scope.ids[0]} and e.account_version > ${lo} and e.account_version <= ${hi}
    order by e.account_version asc`;
}

async function systemAccountIds(db: Database): Promise<number[]> {
  const rows = await queryRows(db, sql`select id from ledger_accounts where owner_user_id is null and owner_organisation_id is null`);
  return rows.map((r) => int(r.id));
}

/** Rows per batch of the statement streams (see streamStatementBatches for why 1000). */
const DEFAULT_BATCH_ROWS = 1000;

/** Starts a read now; the consumer may stop early, and a failure is rethrown when the result is awaited. */
function readAhead(db: Database, query: SQL): Promise<unknown[][]> {
  const p = queryArrays(db, query);
  p.catch(() => {});
  return p;
}

/**
 * A single-row account's rows in [from, to) by version ranges of `batchSize`, oldest first, each batch read by
 * `query(lo, hi)`; while the consumer works on one batch the next `ahead` are read on as many pooled connections.
 */
async function* versionBatches(
  db: Database,
  scope: Scope,
  range: StatementRange & { batchSize?: number; ahead?: number },
  query: (lo: number, hi: number) => SQL,
): AsyncGenerator<unknown[][]> {
  const batchSize = range.batchSize ?? DEFAULT_BATCH_ROWS;
  const ahead = Math.max(1, range.ahead ?? 2);
  const { lo, hi } = await versionRange(db, scope.ids[0], range);
  const pending: Promise<unknown[][]>[] = [];
  let next = lo;
  const fill = () => {
    while (pending.length < ahead && next < hi) {
      const end = Math.min(next + batchSize, hi);
      pending.push(readAhead(db, query(next, end)));
      next = end;
    }
  };
  fill();
  for (let p = pending.shift(); p; p = pending.shift()) {
    const batch = await p;
    fill();
    yield batch;
  }
}

/** Versions (lo, hi] of a single-row account's entries in [from, to): two index lookups. */
async function versionRange(db: Database, accountId: number, range: StatementRange): Promise<{ lo: number; hi: number }> {
  const first = range.from
    ? sql`(select e.account_version - 1 from ledger_entries e where e.account_id = ${accountId} and e.created_at >= ${range.from.toISOString()}::timestamptz
           order by e.created_at, e.id limit 1)`
    : sql`0`;
  const last = range.to
    ? sql`(select e.account_version from ledger_entries e where e.account_id = ${accountId} and e.created_at < ${range.to.toISOString()}::timestamptz
           order by e.created_at desc, e.id desc limit 1)`
    : sql`(select max(e.account_version) from ledger_entries e where e.account_id = ${accountId})`;
  const [r] = await queryRows(db, sql`select (${first})::text as lo, (${last})::text as hi`);
  if (r?.lo === null || r?.lo === undefined || r.hi === null || r.hi === undefined) return { lo: 0, hi: 0 };
  return { lo: int(r.lo), hi: int(r.hi) };
}

/** Column positions of streamSelect. */
const enum C {
  id,
  transactionId,
  createdAt,
  amount,
  currency,
  balanceAfter,
  reference,
  type,
  description,
  counterparty,
}

function arrayRow(r: unknown[], balance: number): LedgerStatementRow {
  const type = str(r[C.type]);
  if (!isTransactionType(type)) throw new Error(`unexpected transaction type ${type}`);
  const cp = r[C.counterparty];
  return {
    entryId: int(r[C.id]),
    transactionId: int(r[C.transactionId]),
    date: timestamp(r[C.createdAt]),
    counterpartyAccountId: cp === null || cp === undefined ? null : int(cp),
    reference: str(r[C.reference]),
    type,
    description: str(r[C.description]),
    amount: int(r[C.amount]),
    currency: str(r[C.currency]),
    balance,
  };
}

/**
 * Every row of a statement, oldest first (the order accountants read), in batches so memory stays flat however
 * long the statement is. The consumer pulls; while it works on one batch, the next `ahead` (default 2) are being
 * read, on as many pooled connections, so at most ahead + 1 batches are held. Batches of 1000 (default): at 1M
 * rows, 5000 two ahead grew RSS by ~110 MB, and 2000 by 1-87 MB from run to run (V8 heap: garbage left in the
 * old generation until a full GC); 1000 stayed at 1-37 MB in ten runs, at the same speed (a round trip per
 * 1000 rows is nothing next to reading them). Never above 5000, where the planner's estimate for 10 000 crosses
 * jit_above_cost and JIT compilation would cost more than the batch.
 * A single-row account is read by version ranges (known in advance, so read in parallel); a multi-row (hot)
 * account by keyset, one batch ahead.
 */
export async function* streamStatementBatches(db: Database, range: StatementRange & { batchSize?: number; ahead?: number }): AsyncGenerator<LedgerStatementRow[]> {
  const batchSize = range.batchSize ?? DEFAULT_BATCH_ROWS;
  const scope = await scopeOf(db, range.accountId);
  const systemIds = await systemAccountIds(db);
  if (scope.ids.length === 1) {
    const query = (lo: number, hi: number) => sql`${streamSelect(scope, systemIds)} ${versionWhere(scope, lo, hi)}`;
    for await (const batch of versionBatches(db, scope, range, query)) {
      if (batch.length > 0) yield batch.map((r) => arrayRow(r, int(r[C.balanceAfter])));
    }
    return;
  }
  let running = await openingOf(db, scope, range.from);
  let pending = readAhead(db, streamQuery(scope, range, undefined, systemIds, batchSize));
  for (;;) {
    const batch = await pending;
    const more = batch.length === batchSize;
    if (more) pending = readAhead(db, streamQuery(scope, range, int(batch[batch.length - 1][C.id]), systemIds, batchSize));
    const rows = batch.map((r) => {
      running += int(r[C.amount]);
      return arrayRow(r, running);
    });
    if (rows.length > 0) yield rows;
    if (!more) return;
  }
}

/** SQL expressions over one statement row, for a caller that has Postgres format its lines. */
export interface StatementColumns {
  /** timestamptz */
  createdAt: SQL;
  /** bigint, minor units */
  amount: SQL;
  /** bigint, the running balance after the row */
  balance: SQL;
  reference: SQL;
  /** The transaction type as text. */
  type: SQL;
  description: SQL;
  /** The account's currency (an account holds one). */
  currency: string;
}

/** A row formatted by Postgres around its counterparty, whom the caller names: the text before and after it. */
export type StatementTextRow = [before: string, counterpartyAccountId: number | null, after: string];

/**
 * For a single-row account, its statement rows as text Postgres formats (`before` and `after` the counterparty),
 * oldest first, in the batches of streamStatementBatches and read ahead the same way: for exports, where
 * formatting a million rows in Node cost more than reading them. Null for a multi-row (hot) account, whose
 * running balance is computed here, not stored: use streamStatementBatches.
 */
export async function streamStatementTextBatches(
  db: Database,
  range: StatementRange & { batchSize?: number; ahead?: number },
  format: { before: (c: StatementColumns) => SQL; after: (c: StatementColumns) => SQL },
): Promise<AsyncGenerator<StatementTextRow[]> | null> {
  const scope = await scopeOf(db, range.accountId);
  if (scope.ids.length !== 1) return null;
  const systemIds = await systemAccountIds(db);
  const c: StatementColumns = {
    createdAt: sql`e.created_at`,
    amount: sql`e.amount`,
    balance: sql`e.balance_after`,
    reference: sql`t.reference`,
    type: sql`t.type::text`,
    description: sql`t.description`,
    currency: scope.currency,
  };
  const select = sql`select ${format.before(c)}, ${counterpartyOf(scope, systemIds)}, ${format.after(c)}
    from ledger_entries e join ledger_transactions t on t.id = e.transaction_id`;
  return (async function* () {
    for await (const batch of versionBatches(db, scope, range, (lo, hi) => sql`${select} ${versionWhere(scope, lo, hi)}`)) {
      if (batch.length > 0) yield batch.map(textRow);
    }
  })();
}

function textRow(r: unknown[]): StatementTextRow {
  const cp = r[1];
  return [str(r[0], "statement text"), cp === null || cp === undefined ? null : int(cp), str(r[2], "statement text")];
}

export async function statementBalances(db: Database, range: StatementRange): Promise<{ openingBalance: Money; closingBalance: Money }> {
  const scope = await scopeOf(db, range.accountId);
  const [opening, closing] = await Promise.all([openingOf(db, scope, range.from), balanceBefore(db, scope, range.to)]);
  return { openingBalance: { amount: opening, currency: scope.currency }, closingBalance: { amount: closing, currency: scope.currency } };
}

export interface TypeSummary {
  type: LedgerTransactionType;
  count: number;
  /** Money in (sum of positive entries). */
  credits: number;
  /** Money out, as a positive number. */
  debits: number;
  net: number;
}

/** Totals by transaction type for an organisation's (or any) account over [from, to). */
export async function organisationSummaryByType(db: Database, accountId: number, from: Date, to: Date): Promise<TypeSummary[]> {
  const scope = await scopeOf(db, accountId);
  const rows = await queryRows(
    db,
    sql`select t.type, count(*)::int as n,
               coalesce(sum(e.amount) filter (where e.amount > 0), 0)::text as credits,
               coalesce(-sum(e.amount) filter (where e.amount < 0), 0)::text as debits,
               sum(e.amount)::text as net
        from ledger_entries e join ledger_transactions t on t.id = e.transaction_id
        where ${accountFilter(scope)} and e.created_at >= ${from.toISOString()}::timestamptz
          and e.created_at < ${to.toISOString()}::timestamptz
        group by t.type order by t.type`,
  );
  return rows.map((r) => {
    const type = str(r.type);
    if (!isTransactionType(type)) throw new Error(`unexpected transaction type ${type}`);
    return { type, count: int(r.n), credits: int(r.credits), debits: int(r.debits), net: int(r.net) };
  });
}
