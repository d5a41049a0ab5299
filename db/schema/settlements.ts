import { sql } from "drizzle-orm";
import { bigint, check, date, index, integer, jsonb, pgEnum, pgTable, text, timestamp, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { organisations } from "./organisations";

/**
 * Settlements (lib/settlement): what the platform pays each organisation of the money it holds for it, for a
 * reference date. The migration also adds `ledger_clock()`, the ledger's default timestamp: clock_timestamp(),
 * unless a seed or a test sets `plaza.ledger_clock` for its transaction (backdated demo history).
 */

/** Each organisation's minimum float: what stays in its balance after a settlement (Cobalt's minimum_balance_after_settlement). */
export const organisationSettlementSettings = pgTable(
  "organisation_settlement_settings",
  {
    organisationId: text("organisation_id").primaryKey().references(() => organisations.id, { onDelete: "cascade" }),
    minimumFloat: bigint("minimum_float", { mode: "number" }).notNull().default(0),
    updatedBy: text("updated_by").references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("organisation_settlement_settings_float_check", sql`${t.minimumFloat} between 0 and 9007199254740991`)],
);

export const settlementStatus = pgEnum("settlement_status", ["proposed", "confirmed", "cancelled"]);
export const settlementLineStatus = pgEnum("settlement_line_status", ["proposed", "dropped", "processing", "paid", "failed"]);
export const settlementMethod = pgEnum("settlement_method", ["stripe_transfer", "bank"]);

export const settlements = pgTable(
  "settlements",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    /** The calendar day (in PLAZA_TIME_ZONE) whose closing balances are settled. */
    referenceDate: date("reference_date", { mode: "string" }).notNull(),
    /** The exclusive end of the reference date: balances are the sum of entries created before it. */
    asOf: timestamp("as_of", { withTimezone: true }).notNull(),
    currency: text("currency").notNull(),
    status: settlementStatus("status").notNull().default("proposed"),
    createdBy: text("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    confirmedBy: text("confirmed_by").references(() => users.id),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
  },
  (t) => [
    // One live settlement per reference date: a second proposal for the same day is the first one.
    uniqueIndex("settlements_reference_date_unique").on(t.referenceDate, t.currency).where(sql`${t.status} <> 'cancelled'`),
    index("settlements_created_idx").on(t.createdAt),
  ],
);

export const settlementLines = pgTable(
  "settlement_lines",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    settlementId: text("settlement_id").notNull().references(() => settlements.id),
    organisationId: text("organisation_id").notNull().references(() => organisations.id),
    /** The organisation's ledger account the line is paid from. */
    accountId: bigint("account_id", { mode: "number" }).notNull(),
    /** The organisation's ledger balance at the reference date, less what later settlements already paid of it. */
    balance: bigint("balance", { mode: "number" }).notNull(),
    minimumFloat: bigint("minimum_float", { mode: "number" }).notNull(),
    feeBps: integer("fee_bps").notNull(),
    feeScheduleId: text("fee_schedule_id"),
    /** Taken from the organisation's balance: amount + fee. */
    gross: bigint("gross", { mode: "number" }).notNull(),
    fee: bigint("fee", { mode: "number" }).notNull(),
    /** Paid to the organisation. */
    amount: bigint("amount", { mode: "number" }).notNull(),
    proposedAmount: bigint("proposed_amount", { mode: "number" }).notNull(),
    method: settlementMethod("method").notNull(),
    destinationAccountId: text("destination_account_id"),
    status: settlementLineStatus("status").notNull().default("proposed"),
    /** Each claim posts the settlement and fee under its own keys; a failed transfer's claim is reversed. */
    claims: integer("claims").notNull().default(0),
    /** The Stripe idempotency attempt: it moves on only after Stripe refused a transfer for certain. */
    transferAttempt: integer("transfer_attempt").notNull().default(1),
    stripeTransferId: text("stripe_transfer_id"),
    failureCode: text("failure_code"),
    failureMessage: text("failure_message"),
    ledgerTransactionIds: jsonb("ledger_transaction_ids").$type<number[]>().notNull().default([]),
    claimedAt: timestamp("claimed_at", { withTimezone: true }),
    paidAt: timestamp("paid_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("settlement_lines_org_unique").on(t.settlementId, t.organisationId),
    index("settlement_lines_org_idx").on(t.organisationId, t.status),
    check("settlement_lines_amounts_check", sql`${t.fee} >= 0 and ${t.amount} >= 0 and ${t.gross} = ${t.amount} + ${t.fee} and ${t.amount} <= ${t.proposedAmount}`),
  ],
);
