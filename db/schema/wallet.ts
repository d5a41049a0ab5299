import { bigint, boolean, index, jsonb, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { organisations } from "./organisations";

/** The Stripe customer of each member (created once, with an idempotency key derived from the user id). */
export const stripeCustomers = pgTable("stripe_customers", {
  userId: text("user_id").primaryKey().references(() => users.id),
  customerId: text("customer_id").notNull().unique(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const autoTopUpStatus = pgEnum("auto_top_up_status", ["off", "pending", "on"]);

/** Per-member wallet settings: auto top-up (off -> pending -> on, driven by webhooks) and warnings. */
export const walletSettings = pgTable("wallet_settings", {
  userId: text("user_id").primaryKey().references(() => users.id),
  autoTopUpStatus: autoTopUpStatus("auto_top_up_status").notNull().default("off"),
  autoTopUpAmount: bigint("auto_top_up_amount", { mode: "number" }).notNull().default(2000),
  paymentMethodId: text("payment_method_id"),
  cardLabel: text("card_label"),
  setupSessionId: text("setup_session_id"),
  lowBalanceWarnings: boolean("low_balance_warnings").notNull().default(true),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const topUpKind = pgEnum("top_up_kind", ["manual", "auto", "shortfall"]);
export const topUpStatus = pgEnum("top_up_status", ["pending", "succeeded", "failed", "expired"]);

/**
 * Money coming into a wallet by card. A shortfall top-up carries the payment it was started for (callback
 * route code + payload), which the fulfilment runs in the same transaction as the credit.
 */
export const walletTopUps = pgTable(
  "wallet_top_ups",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    userId: text("user_id").notNull().references(() => users.id),
    kind: topUpKind("kind").notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    status: topUpStatus("status").notNull().default("pending"),
    checkoutSessionId: text("checkout_session_id").unique(),
    paymentIntentId: text("payment_intent_id").unique(),
    ledgerTransactionId: bigint("ledger_transaction_id", { mode: "number" }),
    failureMessage: text("failure_message"),
    callbackRoute: text("callback_route"),
    callbackPayload: jsonb("callback_payload"),
    callbackResult: jsonb("callback_result"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
  },
  (t) => [index("wallet_top_ups_user_idx").on(t.userId, t.createdAt)],
);

export const iouStatus = pgEnum("iou_status", ["open", "paid", "cancelled"]);

/** IOUs: amounts an organisation asks a member to pay, payable later from the wallet or by card. */
export const ious = pgTable(
  "ious",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    organisationId: text("organisation_id").notNull().references(() => organisations.id),
    userId: text("user_id").notNull().references(() => users.id),
    amount: bigint("amount", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    description: text("description").notNull(),
    status: iouStatus("status").notNull().default("open"),
    createdBy: text("created_by").references(() => users.id),
    ledgerTransactionId: bigint("ledger_transaction_id", { mode: "number" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    paidAt: timestamp("paid_at", { withTimezone: true }),
  },
  (t) => [index("ious_user_idx").on(t.userId, t.status), index("ious_org_idx").on(t.organisationId, t.createdAt)],
);

export const topUpRefundStatus = pgEnum("top_up_refund_status", ["pending", "succeeded", "failed"]);

/**
 * Wallet money sent back to the card a top-up came from (Cobalt's refund_stripe_transaction). `amount` leaves
 * the wallet; `charge` is the platform's refund charge (platform income); the card receives `cardAmount`
 * (= amount - charge). Pending from the hold (posted in the ledger) until Stripe answers; a failed refund posts
 * the hold back. Rows are never deleted: what is left of a top-up is its amount less its non-failed refunds.
 */
export const walletTopUpRefunds = pgTable(
  "wallet_top_up_refunds",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    topUpId: text("top_up_id").notNull().references(() => walletTopUps.id),
    userId: text("user_id").notNull().references(() => users.id),
    actorUserId: text("actor_user_id").notNull().references(() => users.id),
    byAdmin: boolean("by_admin").notNull().default(false),
    amount: bigint("amount", { mode: "number" }).notNull(),
    charge: bigint("charge", { mode: "number" }).notNull(),
    cardAmount: bigint("card_amount", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    status: topUpRefundStatus("status").notNull().default("pending"),
    stripeRefundId: text("stripe_refund_id").unique(),
    holdTransactionId: bigint("hold_transaction_id", { mode: "number" }),
    reversalTransactionId: bigint("reversal_transaction_id", { mode: "number" }),
    failureMessage: text("failure_message"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
  },
  (t) => [index("wallet_top_up_refunds_top_up_idx").on(t.topUpId), index("wallet_top_up_refunds_user_idx").on(t.userId, t.createdAt)],
);
