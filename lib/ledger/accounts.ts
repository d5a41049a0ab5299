import "server-only";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { ledgerAccounts, type LedgerAccountKind } from "@/db/schema";
import { normaliseCurrency, type Money } from "@/lib/money";
import { LedgerError } from "./errors";
import { int, queryRows, str } from "./sql-values";

/**
 * Accounts touched by (nearly) every sale. Each is split into HOT_ACCOUNT_SHARDS rows so concurrent postings
 * lock different rows (see README: "Hot accounts"); their balance is the sum of the rows. They may go negative,
 * so postings to them need no overdraft check and never wait for one another's balance.
 */
export const HOT_ACCOUNT_KINDS: ReadonlySet<LedgerAccountKind> = new Set(["platform_fees", "stripe_clearing", "stripe_fees"]);
export const HOT_ACCOUNT_SHARDS = 16;

/** Platform-side accounts (no owner) may go negative: they mirror money held elsewhere. */
const SYSTEM_KINDS: ReadonlySet<LedgerAccountKind> = new Set([
  "platform_fees",
  "stripe_clearing",
  "stripe_fees",
  "settlement_bank",
  "adjustments",
  "iou_receivable",
]);

export interface LedgerAccount {
  /** The id to post to and read from (the primary row of a sharded account). */
  id: number;
  kind: LedgerAccountKind;
  ownerUserId: string | null;
  ownerOrganisationId: string | null;
  currency: string;
  allowNegative: boolean;
  overdraftLimit: number;
  shardCount: number;
}

export interface AccountSpec {
  kind: LedgerAccountKind;
  ownerUserId?: string | null;
  ownerOrganisationId?: string | null;
  currency: string;
  /** Used only when the account is created. Defaults: system kinds true, wallets and organisations false. */
  allowNegative?: boolean;
  /** Used only when the account is created (minor units the balance may go below zero). Default 0. */
  overdraftLimit?: number;
  /** Used only when the account is created. Defaults to HOT_ACCOUNT_SHARDS for hot kinds, else 1. */
  shardCount?: number;
}

type AccountRow = typeof ledgerAccounts.$inferSelect;

function toAccount(row: AccountRow): LedgerAccount {
  return {
    id: row.id,
    kind: row.kind,
    ownerUserId: row.ownerUserId,
    ownerOrganisationId: row.ownerOrganisationId,
    currency: row.currency,
    allowNegative: row.allowNegative,
    overdraftLimit: row.overdraftLimit,
    shardCount: row.shardCount,
  };
}

/**
 * Accounts found by getOrCreateAccount, per database (a Drizzle database and its transactions share the
 * `_.schema` object, which is unique to each drizzle() instance, so two databases in one process never share
 * a cache). An account's id, kind, owner, currency, shards and limits never change, so the lookup is done once
 * per process instead of once per posting (2 queries of every top-up, 3 of every order). Only rows that
 * already existed are cached, never one created by the same call. An id that vanished because the
 * transaction that created it rolled back after another lookup cached it fails its posting with
 * account_not_found; postTransactions then drops this cache (forgetAccounts) and the retry looks it up again.
 */
const accountCaches = new WeakMap<object, Map<string, LedgerAccount>>();
const ACCOUNT_CACHE_LIMIT = 100_000;

function accountCache(db: Database): Map<string, LedgerAccount> | undefined {
  const identity: unknown = db._.schema;
  if (typeof identity !== "object" || identity === null) return undefined;
  let cache = accountCaches.get(identity);
  if (!cache) accountCaches.set(identity, (cache = new Map()));
  return cache;
}

/** Drops the cached account lookups of this database (after an account_not_found). */
export function forgetAccounts(db: Database): void {
  accountCache(db)?.clear();
}

/**
 * The account of `kind` for this owner and currency, created on first use (with all its shard rows, in one
 * transaction, so a posting never sees a half-created hot account). Safe under concurrency: creators race on
 * the unique (kind, owner, currency, shard) constraint and all return the same row.
 */
export async function getOrCreateAccount(db: Database, spec: AccountSpec): Promise<LedgerAccount> {
  const currency = normaliseCurrency(spec.currency);
  const ownerUserId = spec.ownerUserId ?? null;
  const ownerOrganisationId = spec.ownerOrganisationId ?? null;
  if (spec.kind === "member_wallet" && !ownerUserId) throw new LedgerError("invalid_posting", "a member wallet needs ownerUserId");
  if (spec.kind === "organisation" && !ownerOrganisationId) throw new LedgerError("invalid_posting", "an organisation account needs ownerOrganisationId");
  if (ownerUserId && ownerOrganisationId) throw new LedgerError("invalid_posting", "an account has one owner: a user or an organisation");
  const shardCount = spec.shardCount ?? (HOT_ACCOUNT_KINDS.has(spec.kind) ? HOT_ACCOUNT_SHARDS : 1);
  const allowNegative = spec.allowNegative ?? SYSTEM_KINDS.has(spec.kind);
  if (!Number.isSafeInteger(shardCount) || shardCount < 1 || shardCount > 256) {
    throw new LedgerError("invalid_posting", "shardCount must be an integer from 1 to 256");
  }
  if (shardCount > 1 && !allowNegative) {
    throw new LedgerError("invalid_posting", "a sharded account must allow a negative balance (its shards move independently)");
  }

  const cache = accountCache(db);
  const cacheKey = `${spec.kind}|${ownerUserId ?? ""}|${ownerOrganisationId ?? ""}|${currency}`;
  const cached = cache?.get(cacheKey);
  if (cached) return cached;
  const existing = await findPrimary(db, spec.kind, ownerUserId, ownerOrganisationId, currency);
  if (existing) {
    const account = toAccount(existing);
    if (cache && cache.size < ACCOUNT_CACHE_LIMIT) cache.set(cacheKey, account);
    return account;
  }

  return db.transaction(async (tx) => {
    const values = {
      kind: spec.kind,
      ownerUserId,
      ownerOrganisationId,
      currency,
      shard: 0,
      shardCount,
      allowNegative,
      overdraftLimit: spec.overdraftLimit ?? 0,
    };
    const [created] = await tx.insert(ledgerAccounts).values(values).onConflictDoNothing().returning();
    if (!created) {
      const other = await findPrimary(tx, spec.kind, ownerUserId, ownerOrganisationId, currency);
      if (!other) throw new Error("ledger account vanished during creation");
      return toAccount(other);
    }
    if (shardCount > 1) {
      const shards = Array.from({ length: shardCount - 1 }, (_, i) => ({ ...values, shard: i + 1, primaryAccountId: created.id }));
      await tx.insert(ledgerAccounts).values(shards);
    }
    return toAccount(created);
  });
}

/** The lookup half of getOrCreateAccount: the account if it exists, else null. Never writes (for read paths). */
export async function findAccount(db: Database, spec: Pick<AccountSpec, "kind" | "ownerUserId" | "ownerOrganisationId" | "currency">): Promise<LedgerAccount | null> {
  const row = await findPrimary(db, spec.kind, spec.ownerUserId ?? null, spec.ownerOrganisationId ?? null, normaliseCurrency(spec.currency));
  return row ? toAccount(row) : null;
}

/** Who an account row belongs to, by id; what statements need to name a counterparty. */
export interface AccountOwner {
  /** The row's id (a shard row's own id for a hot account). */
  id: number;
  kind: LedgerAccountKind;
  ownerUserId: string | null;
  ownerOrganisationId: string | null;
}

/** Owners of these account rows (primary or shard); unknown ids are left out. */
export async function accountOwners(db: Database, ids: readonly number[]): Promise<AccountOwner[]> {
  if (ids.length === 0) return [];
  return db
    .select({ id: ledgerAccounts.id, kind: ledgerAccounts.kind, ownerUserId: ledgerAccounts.ownerUserId, ownerOrganisationId: ledgerAccounts.ownerOrganisationId })
    .from(ledgerAccounts)
    .where(inArray(ledgerAccounts.id, [...ids]));
}

async function findPrimary(
  db: Database,
  kind: LedgerAccountKind,
  ownerUserId: string | null,
  ownerOrganisationId: string | null,
  currency: string,
): Promise<AccountRow | undefined> {
  const [row] = await db
    .select()
    .from(ledgerAccounts)
    .where(
      and(
        eq(ledgerAccounts.kind, kind),
        ownerUserId ? eq(ledgerAccounts.ownerUserId, ownerUserId) : isNull(ledgerAccounts.ownerUserId),
        ownerOrganisationId ? eq(ledgerAccounts.ownerOrganisationId, ownerOrganisationId) : isNull(ledgerAccounts.ownerOrganisationId),
        eq(ledgerAccounts.currency, currency),
        eq(ledgerAccounts.shard, 0),
      ),
    );
  return row;
}

export async function getAccount(db: Database, accountId: number): Promise<LedgerAccount> {
  const [row] = await db
    .select()
    .from(ledgerAccounts)
    .where(and(eq(ledgerAccounts.id, accountId), isNull(ledgerAccounts.primaryAccountId)));
  if (!row) throw new LedgerError("account_not_found", `ledger account ${accountId} does not exist`, { accountId });
  return toAccount(row);
}

/** Current balance: the row's balance, or the sum of its shard rows for a hot account. */
export async function getBalance(db: Database, accountId: number): Promise<Money> {
  const rows = await queryRows(
    db,
    sql`select min(currency) as currency, sum(balance)::text as balance, count(*)::int as n
        from ledger_accounts where id = ${accountId} or primary_account_id = ${accountId}`,
  );
  const row = rows[0];
  if (!row || int(row.n) === 0) throw new LedgerError("account_not_found", `ledger account ${accountId} does not exist`, { accountId });
  return { amount: int(row.balance, "balance"), currency: str(row.currency) };
}

/** Ids of all rows of an account (itself, then its shards), for statements over a hot account. */
export async function accountRowIds(db: Database, accountId: number): Promise<number[]> {
  const rows = await queryRows(db, sql`select id from ledger_accounts where id = ${accountId} or primary_account_id = ${accountId} order by id`);
  return rows.map((r) => int(r.id));
}
