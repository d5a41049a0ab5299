import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  check,
  foreignKey,
  index,
  jsonb,
  pgEnum,
  pgTable,
  smallint,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { organisations } from "./organisations";

/**
 * Double-entry ledger. Amounts are signed integer minor units (bigint) bounded to ±(2^53-1) so that the app's
 * `number` amounts are always exact. Rules the database enforces itself (see the ledger_constraints migration):
 * the entries of a transaction sum to zero per currency at commit; entries and transactions are append-only.
 * Posting goes through the `ledger_post` SQL function (lib/ledger/README.md explains why).
 */
export const ledgerAccountKind = pgEnum("ledger_account_kind", [
  "member_wallet",
  "organisation",
  "platform_fees",
  "stripe_clearing",
  "stripe_fees",
  "settlement_bank",
  "adjustments",
  "iou_receivable",
  "connected_sales",
]);

export const ledgerTransactionType = pgEnum("ledger_transaction_type", [
  "manual_top_up",
  "auto_top_up",
  "member_transfer",
  "organisation_transfer",
  "payment",
  "purchase",
  "refund",
  "card_refund",
  "settlement",
  "manual_adjustment",
  "fee",
  "dispute",
  "dispute_reversal",
  "iou",
  "iou_payment",
  "payout",
  "card_sale",
  "wallet_purchase",
]);

const MAX_SAFE = sql.raw("9007199254740991");

export const ledgerAccounts = pgTable(
  "ledger_accounts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    kind: ledgerAccountKind("kind").notNull(),
    ownerUserId: text("owner_user_id").references(() => users.id),
    ownerOrganisationId: text("owner_organisation_id").references(() => organisations.id),
    currency: text("currency").notNull(),
    /** Hot accounts are split into `shardCount` rows; shard 0 is the account callers name, the others point at it. */
    shard: smallint("shard").notNull().default(0),
    shardCount: smallint("shard_count").notNull().default(1),
    primaryAccountId: bigint("primary_account_id", { mode: "number" }).references((): AnyPgColumn => ledgerAccounts.id),
    balance: bigint("balance", { mode: "number" }).notNull().default(0),
    /** Number of entries posted to this row; entries carry 1..version. */
    version: bigint("version", { mode: "number" }).notNull().default(0),
    allowNegative: boolean("allow_negative").notNull().default(false),
    /** How far below zero the balance may go when allow_negative is false (0 = not at all). */
    overdraftLimit: bigint("overdraft_limit", { mode: "number" }).notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("ledger_accounts_owner_currency_shard_unique")
      .on(t.kind, t.ownerUserId, t.ownerOrganisationId, t.currency, t.shard)
      .nullsNotDistinct(),
    // Target of the entries' composite foreign key: an entry's currency is its account's currency.
    unique("ledger_accounts_id_currency_unique").on(t.id, t.currency),
    unique("ledger_accounts_primary_shard_unique").on(t.primaryAccountId, t.shard),
    index("ledger_accounts_owner_user_idx").on(t.ownerUserId),
    index("ledger_accounts_owner_organisation_idx").on(t.ownerOrganisationId),
    check("ledger_accounts_currency_check", sql`${t.currency} ~ '^[a-z]{3}$'`),
    check("ledger_accounts_one_owner_check", sql`num_nonnulls(${t.ownerUserId}, ${t.ownerOrganisationId}) <= 1`),
    check(
      "ledger_accounts_owner_kind_check",
      sql`(${t.kind} <> 'member_wallet' or ${t.ownerUserId} is not null) and (${t.kind} <> 'organisation' or ${t.ownerOrganisationId} is not null)`,
    ),
    check("ledger_accounts_balance_range_check", sql`${t.balance} between -${MAX_SAFE} and ${MAX_SAFE}`),
    check("ledger_accounts_overdraft_check", sql`${t.overdraftLimit} between 0 and ${MAX_SAFE}`),
    check(
      "ledger_accounts_shard_check",
      sql`${t.shard} >= 0 and ${t.shard} < ${t.shardCount} and (${t.shard} = 0) = (${t.primaryAccountId} is null) and (${t.shardCount} = 1 or ${t.allowNegative})`,
    ),
  ],
);

export const ledgerTransactions = pgTable(
  "ledger_transactions",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    type: ledgerTransactionType("type").notNull(),
    description: text("description").notNull(),
    /** Human reference shown on statements and receipts, e.g. PLZ-000123. */
    reference: text("reference").notNull().unique("ledger_transactions_reference_unique"),
    idempotencyKey: text("idempotency_key").notNull().unique("ledger_transactions_idempotency_key_unique"),
    /** Hash of the posting's content: a replay with the same key must carry the same content. */
    requestHash: text("request_hash").notNull(),
    actorUserId: text("actor_user_id").references(() => users.id),
    orderId: text("order_id"),
    stripeObjectId: text("stripe_object_id"),
    stripeEventId: text("stripe_event_id"),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Partial: most postings carry at most one of the three, and a NULL entry in each index was work on every
    // posting for no lookup (nothing searches for a NULL here).
    index("ledger_transactions_order_idx").on(t.orderId).where(sql`${t.orderId} is not null`),
    index("ledger_transactions_stripe_object_idx").on(t.stripeObjectId).where(sql`${t.stripeObjectId} is not null`),
    index("ledger_transactions_stripe_event_idx").on(t.stripeEventId).where(sql`${t.stripeEventId} is not null`),
  ],
);

export const ledgerEntries = pgTable(
  "ledger_entries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    transactionId: bigint("transaction_id", { mode: "number" })
      .notNull()
      .references(() => ledgerTransactions.id),
    accountId: bigint("account_id", { mode: "number" }).notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    balanceAfter: bigint("balance_after", { mode: "number" }).notNull(),
    accountVersion: bigint("account_version", { mode: "number" }).notNull(),
    // clock_timestamp(), not now(): entries are inserted while their account row is locked, so per account the
    // time is monotonic in account_version and statements can page by (created_at, id).
    createdAt: timestamp("created_at", { withTimezone: true })
      .notNull()
      .default(sql`clock_timestamp()`),
  },
  (t) => [
    foreignKey({
      name: "ledger_entries_account_currency_fk",
      columns: [t.accountId, t.currency],
      foreignColumns: [ledgerAccounts.id, ledgerAccounts.currency],
    }),
    unique("ledger_entries_account_version_unique").on(t.accountId, t.accountVersion),
    // Statements: keyset pagination by (created_at, id) within one account, and date ranges.
    index("ledger_entries_statement_idx").on(t.accountId, t.createdAt, t.id),
    index("ledger_entries_transaction_idx").on(t.transactionId),
    check("ledger_entries_amount_check", sql`${t.amount} <> 0 and ${t.amount} between -${MAX_SAFE} and ${MAX_SAFE}`),
    check("ledger_entries_balance_range_check", sql`${t.balanceAfter} between -${MAX_SAFE} and ${MAX_SAFE}`),
    check("ledger_entries_version_check", sql`${t.accountVersion} > 0`),
  ],
);

export type LedgerAccountKind = (typeof ledgerAccountKind.enumValues)[number];
export type LedgerTransactionType = (typeof ledgerTransactionType.enumValues)[number];
