import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, timestamp, bigint, uniqueIndex } from "drizzle-orm/pg-core";
import { organisations } from "./organisations";
import { users } from "./auth";

/**
 * The webhook inbox: one row per Stripe event id (the primary key makes a duplicate delivery a no-op).
 * Rows are written on receipt and marked processed by the same transaction as the handler's writes.
 */
export const stripeEvents = pgTable(
  "stripe_events",
  {
    id: text("id").primaryKey(),
    type: text("type").notNull(),
    account: text("account"),
    apiVersion: text("api_version"),
    livemode: boolean("livemode").notNull().default(false),
    stripeCreatedAt: timestamp("stripe_created_at", { withTimezone: true }).notNull(),
    payload: jsonb("payload").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp("processed_at", { withTimezone: true }),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The worker's queue: unprocessed events due now, oldest first.
    index("stripe_events_pending_idx").on(t.nextAttemptAt).where(sql`${t.processedAt} is null`),
    index("stripe_events_received_idx").on(t.receivedAt),
  ],
);

/** Checkout Sessions Plaza created, mirrored from Stripe; status only moves forward (open -> complete | expired). */
export const checkoutSessions = pgTable(
  "checkout_sessions",
  {
    id: text("id").primaryKey(),
    purpose: text("purpose").notNull(),
    userId: text("user_id").references(() => users.id),
    stripeAccount: text("stripe_account"),
    mode: text("mode").notNull(),
    status: text("status").notNull(),
    paymentStatus: text("payment_status"),
    amountTotal: bigint("amount_total", { mode: "number" }),
    currency: text("currency"),
    paymentIntentId: text("payment_intent_id"),
    setupIntentId: text("setup_intent_id"),
    customerId: text("customer_id"),
    reference: text("reference"),
    metadata: jsonb("metadata").notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    expiredAt: timestamp("expired_at", { withTimezone: true }),
  },
  (t) => [index("checkout_sessions_user_idx").on(t.userId, t.createdAt), index("checkout_sessions_pi_idx").on(t.paymentIntentId)],
);

/**
 * Connected Stripe accounts, one selling account per organisation, with their status mirrored from Stripe
 * (account.updated, capability.updated and re-fetches; the newest Stripe observation wins).
 */
export const connectedAccounts = pgTable(
  "connected_accounts",
  {
    id: text("id").primaryKey(),
    organisationId: text("organisation_id").references(() => organisations.id),
    type: text("type").notNull(),
    /** How the organisation connected: standard (OAuth), express (account links) or custom (Plaza's form). */
    kind: text("kind").$type<"standard" | "express" | "custom">(),
    chargesEnabled: boolean("charges_enabled").notNull().default(false),
    payoutsEnabled: boolean("payouts_enabled").notNull().default(false),
    detailsSubmitted: boolean("details_submitted").notNull().default(false),
    requirementsDue: jsonb("requirements_due").$type<string[]>().notNull().default([]),
    pastDue: jsonb("past_due").$type<string[]>().notNull().default([]),
    eventuallyDue: jsonb("eventually_due").$type<string[]>().notNull().default([]),
    pendingVerification: jsonb("pending_verification").$type<string[]>().notNull().default([]),
    requirementErrors: jsonb("requirement_errors").$type<{ requirement: string; code: string; reason: string }[]>().notNull().default([]),
    capabilities: jsonb("capabilities").$type<Record<string, string>>().notNull().default({}),
    disabledReason: text("disabled_reason"),
    currentDeadline: timestamp("current_deadline", { withTimezone: true }),
    scope: text("scope"),
    livemode: boolean("livemode").notNull().default(false),
    tosAcceptedAt: timestamp("tos_accepted_at", { withTimezone: true }),
    deauthorizedAt: timestamp("deauthorized_at", { withTimezone: true }),
    stripeUpdatedAt: timestamp("stripe_updated_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("connected_accounts_one_per_org_idx").on(t.organisationId).where(sql`deauthorized_at is null`)],
);

/** Connect OAuth `state` values: single-use, short-lived, bound to the user and the organisation. */
export const oauthStates = pgTable("connect_oauth_states", {
  id: text("id").primaryKey(),
  userId: text("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  organisationId: text("organisation_id")
    .notNull()
    .references(() => organisations.id, { onDelete: "cascade" }),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
