import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { feeSchedules } from "./fees";
import { organisations } from "./organisations";

export const listingKind = pgEnum("listing_kind", ["course", "event_ticket", "service"]);

/**
 * What sellers offer. `reserved` counts places held by open checkouts plus places sold; it never exceeds
 * `capacity` (null = unlimited), enforced by the database so a race for the last place cannot oversell.
 */
export const listings = pgTable(
  "listings",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    organisationId: text("organisation_id").notNull().references(() => organisations.id),
    kind: listingKind("kind").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    /** Course content, shown only to buyers. */
    content: text("content"),
    amount: bigint("amount", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    capacity: integer("capacity"),
    reserved: integer("reserved").notNull().default(0),
    startsAt: timestamp("starts_at", { withTimezone: true }),
    venue: text("venue"),
    published: boolean("published").notNull().default(false),
    /**
     * The seller's own buyer-refund policy in hours, or null for the kind's default (a course: 14 days after
     * purchase; a ticket: until 48 hours before the event; a service: until the slot starts). For a course it
     * counts from the purchase, for a ticket or a service back from the start. 0 for a course: no buyer refunds.
     */
    refundHours: integer("refund_hours"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("listings_catalogue_idx").on(t.published, t.createdAt, t.id),
    index("listings_org_idx").on(t.organisationId, t.createdAt),
    check("listings_stock_check", sql`${t.reserved} >= 0 and (${t.capacity} is null or ${t.reserved} <= ${t.capacity})`),
    check("listings_amount_check", sql`${t.amount} >= 0`),
  ],
);

/** Time slots of a bookable service: one buyer each (held by the order that booked it). */
export const listingSlots = pgTable(
  "listing_slots",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    listingId: text("listing_id").notNull().references(() => listings.id),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    heldByOrderId: text("held_by_order_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("listing_slots_listing_idx").on(t.listingId, t.startsAt)],
);

export const orderStatus = pgEnum("order_status", ["awaiting_payment", "authorised", "paid", "partially_refunded", "refunded", "released", "cancelled", "expired"]);

export const orders = pgTable(
  "orders",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    buyerUserId: text("buyer_user_id").notNull().references(() => users.id),
    organisationId: text("organisation_id").notNull().references(() => organisations.id),
    status: orderStatus("status").notNull().default("awaiting_payment"),
    amount: bigint("amount", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    /** The fee in force at order time, and how it was computed (schedule id, rule, raw and clamped values). */
    platformFee: bigint("platform_fee", { mode: "number" }).notNull(),
    feeScheduleId: text("fee_schedule_id").references(() => feeSchedules.id),
    feeComputation: jsonb("fee_computation").$type<Record<string, unknown>>().notNull(),
    internalReferenceId: text("internal_reference_id"),
    /** The articles (sorted), the default key for superseding an earlier open checkout. */
    articlesKey: text("articles_key").notNull(),
    chargeType: text("charge_type").$type<"direct" | "destination">(),
    stripeAccount: text("stripe_account"),
    captureMethod: text("capture_method").$type<"automatic" | "manual">().notNull().default("automatic"),
    paidWith: text("paid_with").$type<"checkout" | "card" | "wallet">(),
    /** How the buyer is paying now: through its Checkout Session, or the charge API (the session then no longer counts). */
    paymentRoute: text("payment_route").$type<"checkout" | "charge">().notNull().default("checkout"),
    checkoutSessionId: text("checkout_session_id").unique(),
    paymentIntentId: text("payment_intent_id"),
    ledgerTransactionId: bigint("ledger_transaction_id", { mode: "number" }),
    closedReason: text("closed_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    paidAt: timestamp("paid_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (t) => [
    index("orders_buyer_idx").on(t.buyerUserId, t.createdAt),
    index("orders_org_idx").on(t.organisationId, t.createdAt),
    index("orders_open_idx").on(t.buyerUserId, t.status),
    check("orders_amount_check", sql`${t.amount} >= 0 and ${t.platformFee} >= 0 and ${t.platformFee} <= ${t.amount}`),
  ],
);

export const orderItems = pgTable(
  "order_items",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    orderId: text("order_id").notNull().references(() => orders.id),
    listingId: text("listing_id").notNull().references(() => listings.id),
    slotId: text("slot_id").references(() => listingSlots.id),
    kind: listingKind("kind").notNull(),
    title: text("title").notNull(),
    quantity: integer("quantity").notNull(),
    unitAmount: bigint("unit_amount", { mode: "number" }).notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
  },
  (t) => [index("order_items_order_idx").on(t.orderId), check("order_items_quantity_check", sql`${t.quantity} > 0`)],
);

/** Event tickets: one per place bought, each with a code shown as a QR code. */
export const tickets = pgTable(
  "tickets",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    orderId: text("order_id").notNull().references(() => orders.id),
    orderItemId: text("order_item_id").notNull().references(() => orderItems.id),
    listingId: text("listing_id").notNull().references(() => listings.id),
    holderUserId: text("holder_user_id").notNull().references(() => users.id),
    code: text("code").notNull().unique(),
    seq: integer("seq").notNull(),
    /** Set when the order is refunded in full: the code no longer admits anyone. */
    voidedAt: timestamp("voided_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("tickets_item_seq_idx").on(t.orderItemId, t.seq), index("tickets_holder_idx").on(t.holderUserId)],
);

export const bookingStatus = pgEnum("booking_status", ["awaiting_confirmation", "confirmed", "declined", "released"]);

export const bookings = pgTable(
  "bookings",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    orderId: text("order_id").notNull().references(() => orders.id).unique(),
    listingId: text("listing_id").notNull().references(() => listings.id),
    slotId: text("slot_id").notNull().references(() => listingSlots.id),
    buyerUserId: text("buyer_user_id").notNull().references(() => users.id),
    status: bookingStatus("status").notNull().default("awaiting_confirmation"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("bookings_listing_idx").on(t.listingId)],
);

/** Who may open a course's content page. */
export const courseAccess = pgTable(
  "course_access",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    listingId: text("listing_id").notNull().references(() => listings.id),
    userId: text("user_id").notNull().references(() => users.id),
    orderId: text("order_id").notNull().references(() => orders.id),
    grantedAt: timestamp("granted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("course_access_user_listing_idx").on(t.userId, t.listingId)],
);

/** Refunds of an order: made by Plaza (a late payment on a superseded checkout, say) or seen from Stripe. */
export const orderRefunds = pgTable(
  "order_refunds",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    orderId: text("order_id").notNull().references(() => orders.id),
    stripeRefundId: text("stripe_refund_id").unique(),
    paymentIntentId: text("payment_intent_id").notNull(),
    stripeAccount: text("stripe_account"),
    amount: bigint("amount", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    /** pending: to be made at Stripe (after the transaction that decided it); then Stripe's status. */
    status: text("status").notNull(),
    source: text("source").$type<"plaza" | "stripe">().notNull(),
    reason: text("reason").notNull(),
    checkoutSessionId: text("checkout_session_id").unique(),
    /** The caller's request key (`Idempotency-Key` or the form's request id), scoped by the caller: a retry refunds once. */
    requestKey: text("request_key").unique(),
    requestedByUserId: text("requested_by_user_id").references(() => users.id),
    /** The application fee given back with this refund (proportional; the remainder on the last one). */
    feeRefunded: bigint("fee_refunded", { mode: "number" }).notNull().default(0),
    failureReason: text("failure_reason"),
    /** The ledger postings of this refund and, if it failed later, of its undoing. */
    ledgerTransactionId: bigint("ledger_transaction_id", { mode: "number" }),
    failureLedgerTransactionId: bigint("failure_ledger_transaction_id", { mode: "number" }),
    /**
     * A refund made in the Stripe dashboard on a destination charge without reversing the transfer: Plaza
     * reverses the seller's share and refunds the fee share itself, after the commit (pending -> done).
     */
    unwindStatus: text("unwind_status").$type<"pending" | "done">(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("order_refunds_order_idx").on(t.orderId), index("order_refunds_pending_idx").on(t.status), check("order_refunds_amount_check", sql`${t.amount} > 0 and ${t.feeRefunded} >= 0 and ${t.feeRefunded} <= ${t.amount}`)],
);

/**
 * Disputes (chargebacks and inquiries) of an order's charge, from `charge.dispute.*` events. On destination
 * charges the platform is debited, so Plaza reverses the seller's transfer for the disputed amount after the
 * commit (`transferReversal`: pending -> done) and transfers it back if the dispute is won (`transferReturn`).
 */
export const orderDisputes = pgTable(
  "order_disputes",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    orderId: text("order_id").notNull().references(() => orders.id),
    stripeDisputeId: text("stripe_dispute_id").notNull().unique(),
    chargeId: text("charge_id").notNull(),
    stripeAccount: text("stripe_account"),
    amount: bigint("amount", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    reason: text("reason").notNull(),
    status: text("status").notNull(),
    evidenceDueBy: timestamp("evidence_due_by", { withTimezone: true }),
    /** The amount and fee Stripe withdrew (from the dispute's balance transactions), once seen. */
    withdrawnAmount: bigint("withdrawn_amount", { mode: "number" }),
    disputeFee: bigint("dispute_fee", { mode: "number" }),
    reinstatedAmount: bigint("reinstated_amount", { mode: "number" }),
    transferReversalStatus: text("transfer_reversal_status").$type<"pending" | "done" | "failed">(),
    transferReversalId: text("transfer_reversal_id"),
    transferReturnStatus: text("transfer_return_status").$type<"pending" | "done" | "failed">(),
    transferReturnId: text("transfer_return_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (t) => [index("order_disputes_order_idx").on(t.orderId), index("order_disputes_status_idx").on(t.status)],
);
