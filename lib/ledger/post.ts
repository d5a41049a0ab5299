import "server-only";
import { createHash } from "node:crypto";
import { is, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { Database } from "@/db/client";
import { ledgerTransactionType, type LedgerTransactionType } from "@/db/schema";
import { forgetAccounts } from "./accounts";
import { LedgerError, toLedgerError } from "./errors";
import { date, int, list, queryRows, record, str } from "./sql-values";

export interface PostingEntry {
  /** The account id (for a hot account: its primary id; the ledger picks the shard row). */
  accountId: number;
  /** Signed minor units: negative debits the account (money leaves), positive credits it. Never 0. */
  amount: number;
  /** Optional: when given, must equal the account's currency (a guard against posting to the wrong account). */
  currency?: string;
}

export interface PostingInput {
  type: LedgerTransactionType;
  description: string;
  /** Same key → the first posting is returned and nothing is posted again. Scope it: "order:123:payment". */
  idempotencyKey: string;
  /** Human reference; generated as PLZ-000123 when absent. Must be unique. */
  reference?: string;
  actorUserId?: string | null;
  orderId?: string | null;
  stripeObjectId?: string | null;
  stripeEventId?: string | null;
  /** Free-form tags (session, event, ...). Not part of the idempotency comparison. */
  metadata?: Record<string, unknown>;
  entries: PostingEntry[];
}

export interface PostedEntry {
  id: number;
  /** The account as named in the posting (primary id). */
  accountId: number;
  /** The row written to: the shard row for a hot account, else equal to accountId. */
  rowAccountId: number;
  amount: number;
  currency: string;
  /** Balance of the row after this entry (for a hot account: of its shard). */
  balanceAfter: number;
  accountVersion: number;
}

export interface PostedTransaction {
  id: number;
  reference: string;
  type: LedgerTransactionType;
  createdAt: Date;
  /** True when this idempotency key had already been posted and that first result is returned. */
  replayed: boolean;
  entries: PostedEntry[];
}

const TYPES: ReadonlySet<string> = new Set(ledgerTransactionType.enumValues);

export function isTransactionType(value: string): value is LedgerTransactionType {
  return TYPES.has(value);
}

function invalid(message: string, details: Record<string, unknown> = {}): LedgerError {
  return new LedgerError("invalid_posting", message, details);
}

/** Checks everything that can be checked without the database; the database re-checks the rest. */
function validate(p: PostingInput, index: number): void {
  const at = { postingIndex: index };
  if (!TYPES.has(p.type)) throw invalid(`unknown transaction type "${p.type}"`, at);
  if (typeof p.description !== "string" || p.description.trim() === "" || p.description.length > 500) {
    throw invalid("a description of 1 to 500 characters is required", at);
  }
  if (typeof p.idempotencyKey !== "string" || p.idempotencyKey.length === 0 || p.idempotencyKey.length > 255) {
    throw invalid("an idempotency key of 1 to 255 characters is required", at);
  }
  if (p.reference !== undefined && (p.reference.trim() === "" || p.reference.length > 64)) {
    throw invalid("a reference, when given, has 1 to 64 characters", at);
  }
  if (!Array.isArray(p.entries) || p.entries.length < 2) {
    throw invalid("a posting needs at least two entries (money leaves one account and enters another)", at);
  }
  let sum = 0n;
  p.entries.forEach((e, i) => {
    if (!Number.isSafeInteger(e.accountId) || e.accountId <= 0) throw invalid(`entry ${i + 1} has no valid accountId`, at);
    if (!Number.isSafeInteger(e.amount) || e.amount === 0) {
      throw new LedgerError("invalid_amount", `entry ${i + 1}: amount must be a non-zero whole number of minor units, got ${e.amount}`, {
        ...at,
        entryIndex: i,
      });
    }
    if (e.currency !== undefined && !/^[a-z]{3}$/.test(e.currency)) throw invalid(`entry ${i + 1}: currency must be lower-case ISO like "usd"`, at);
    sum += BigInt(e.amount);
  });
  // Per-currency sums are zero only if the total is; the database checks each currency (it knows them).
  if (sum !== 0n) throw new LedgerError("unbalanced", `the entries sum to ${sum} instead of 0: every debit needs its credit`, { ...at, sum: Number(sum) });
}

/** What a replay with the same idempotency key must repeat exactly (metadata excluded: it may carry timing tags). */
function requestHash(p: PostingInput): string {
  const canonical = JSON.stringify([
    p.type,
    p.description,
    p.reference ?? null,
    p.actorUserId ?? null,
    p.orderId ?? null,
    p.stripeObjectId ?? null,
    p.stripeEventId ?? null,
    p.entries.map((e) => [e.accountId, e.amount, e.currency ?? null]),
  ]);
  return createHash("sha256").update(canonical).digest("base64url");
}

function payloadOf(p: PostingInput): Record<string, unknown> {
  return {
    type: p.type,
    description: p.description,
    idempotencyKey: p.idempotencyKey,
    requestHash: requestHash(p),
    reference: p.reference ?? null,
    actorUserId: p.actorUserId ?? null,
    orderId: p.orderId ?? null,
    stripeObjectId: p.stripeObjectId ?? null,
    stripeEventId: p.stripeEventId ?? null,
    metadata: p.metadata ?? {},
    entries: p.entries.map((e) => (e.currency === undefined ? { accountId: e.accountId, amount: e.amount } : e)),
  };
}

function parseEntry(value: unknown): PostedEntry {
  const e = record(value, "entry");
  return {
    id: int(e.id),
    accountId: int(e.accountId),
    rowAccountId: int(e.rowAccountId),
    amount: int(e.amount),
    currency: str(e.currency),
    balanceAfter: int(e.balanceAfter),
    accountVersion: int(e.accountVersion),
  };
}

function parseTransaction(value: unknown): PostedTransaction {
  const t = record(value, "transaction");
  const type = str(t.type);
  if (!isTransactionType(type)) throw new Error(`unexpected transaction type ${type}`);
  return {
    id: int(t.id),
    reference: str(t.reference),
    type,
    createdAt: date(t.createdAt),
    replayed: t.replayed === true,
    entries: list(t.entries, "entries").map(parseEntry),
  };
}

/** A database error reported as data by ledger_post_guarded, shaped like the driver's (code, detail, constraint). */
class LedgerDatabaseError extends Error {
  readonly code: string;
  readonly detail?: string;
  readonly constraint?: string;
  constructor(code: string, message: string, detail?: string, constraint?: string) {
    super(message);
    this.name = "LedgerDatabaseError";
    this.code = code;
    this.detail = detail;
    this.constraint = constraint;
  }
}

function databaseError(e: Record<string, unknown>): LedgerDatabaseError {
  const opt = (v: unknown) => (typeof v === "string" ? v : undefined);
  return new LedgerDatabaseError(str(e.code, "error code"), str(e.message, "error message"), opt(e.detail), opt(e.constraint));
}

/**
 * Posts several transactions atomically (all or none) in ONE statement: the `ledger_post` SQL function locks
 * every touched row once in id order, checks idempotency and overdrafts, inserts and updates balances. Results
 * are in input order; a posting whose key was already used returns the earlier result with `replayed: true`.
 *
 * Transactions: at top level the single statement is its own transaction (one round trip, locks held for the
 * shortest time). When `db` is already a transaction, the call runs inside it as a subtransaction (the SQL
 * function ledger_post_guarded, migration 0012): the postings commit or roll back with the caller's transaction,
 * and a LedgerError (e.g. insufficient_funds) rolls back only the posting, so the caller may catch it and go on.
 * Run at READ COMMITTED (the default): the idempotency check relies on fresh snapshots after lock waits.
 */
export async function postTransactions(db: Database, postings: PostingInput[]): Promise<PostedTransaction[]> {
  if (postings.length === 0) return [];
  postings.forEach(validate);
  const payload = JSON.stringify(postings.map(payloadOf));
  let result: unknown;
  try {
    if (is(db, PgTransaction)) {
      // Inside the caller's transaction: ledger_post_guarded undoes a failed posting in a server-side
      // subtransaction (what a SAVEPOINT / RELEASE pair did, in one round trip instead of three).
      const [row] = await queryRows(db, sql`select ledger_post_guarded(${payload}::jsonb) as r`);
      const guarded = record(row?.r, "ledger_post_guarded result");
      if (guarded.error !== undefined) throw databaseError(record(guarded.error, "ledger_post error"));
      result = guarded.result;
    } else {
      const [row] = await queryRows(db, sql`select ledger_post(${payload}::jsonb) as r`);
      result = row?.r;
    }
  } catch (e) {
    const error = toLedgerError(e);
    if (error instanceof LedgerError && error.code === "account_not_found") forgetAccounts(db);
    throw error;
  }
  const results = list(result, "ledger_post result").map(parseTransaction);
  if (results.length !== postings.length) throw new Error("ledger_post returned a different number of results");
  return results;
}

/** Posts one balanced transaction; see postTransactions for atomicity, idempotency and nesting. */
export async function postTransaction(db: Database, posting: PostingInput): Promise<PostedTransaction> {
  const [result] = await postTransactions(db, [posting]);
  return result;
}

/** The transaction posted under an idempotency key, if any (e.g. to show a receipt after a retry). */
export async function findTransactionByIdempotencyKey(db: Database, idempotencyKey: string): Promise<PostedTransaction | null> {
  const rows = await queryRows(
    db,
    sql`select ledger_transaction_json(id, true) as r from ledger_transactions where idempotency_key = ${idempotencyKey}`,
  );
  return rows[0] ? parseTransaction(rows[0].r) : null;
}

