import "server-only";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { z } from "zod";
import type { Database } from "@/db/client";
import { listings, listingSlots, orderItems, orders } from "@/db/schema";
import { canSell, sellingAccount } from "@/lib/connect/can-sell";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { cardSaleFee } from "@/lib/fees/schedules";
import { isOnOrigin } from "@/lib/http/redirects";
import { recordCheckoutSession } from "@/lib/payments/checkout-sessions";
import { ensureStripeCustomer } from "@/lib/payments/customers";
import { assertNoTransaction } from "@/lib/payments/no-transaction";
import { orderPurpose } from "@/lib/payments/purposes";
import { uiMode } from "@/lib/schemas";
import { checkoutStart, stripeUiMode, type CheckoutStart } from "@/lib/stripe/checkout-response";
import { idempotencyKey, stripe } from "@/lib/stripe/client";
import { closeUnpaidOrder, fulfilOrder, holdStock } from "./orders";

/** POST /api/checkout (BokaMera's StripeV1CreateCheckout): one contract for the route and the buy forms. */
export const checkoutRequest = z.object({
  articles: z
    .array(
      z.object({
        articleId: z.string({ error: "articleId must be a listing id" }).min(1, "articleId must be a listing id").max(100),
        quantity: z.number({ error: "quantity must be a whole number" }).int("quantity must be a whole number").min(1, "quantity must be at least 1").max(100, "at most 100 at once").default(1),
        slotId: z.string().max(100).optional(),
      }),
      { error: "articles must be a list of {articleId, quantity}" },
    )
    .min(1, "Choose at least one article.")
    .max(20, "At most 20 articles in one checkout."),
  internalReferenceId: z.string().trim().min(1).max(200).optional(),
  confirmationUrl: z.string().max(2000).optional(),
  cancelUrl: z.string().max(2000).optional(),
  uiMode: uiMode.default("hosted"),
});
export type CheckoutRequest = z.input<typeof checkoutRequest>;

export interface Buyer {
  id: string;
  email: string;
  name?: string | null;
}

/** The contract's 201 body; for a free order there is no Checkout Session (null where Stripe has none). */
export type CheckoutResponse = Omit<CheckoutStart, "sessionId"> & { orderId: string; sessionId: string | null };

interface PricedItem {
  listingId: string;
  slotId: string | null;
  kind: "course" | "event_ticket" | "service";
  title: string;
  quantity: number;
  unitAmount: number;
  amount: number;
}

function articlesKeyOf(items: { listingId: string; slotId: string | null; quantity: number }[]): string {
  return items
    .map((i) => `${i.listingId}:${i.slotId ?? ""}:${i.quantity}`)
    .sort()
    .join(",");
}

/** The checkout's articles priced from the database (never from the request), all from one seller. */
async function priceArticles(db: Database, articles: z.infer<typeof checkoutRequest>["articles"]) {
  const ids = [...new Set(articles.map((a) => a.articleId))];
  const valid = ids.filter((id) => z.uuid().safeParse(id).success);
  const rows = valid.length ? await db.select().from(listings).where(and(inArray(listings.id, valid), eq(listings.published, true))) : [];
  const items: PricedItem[] = [];
  for (const [i, a] of articles.entries()) {
    const l = rows.find((r) => r.id === a.articleId);
    if (!l) throw new AppError("article_not_found", `Article ${i + 1} is not on sale (it does not exist or was unpublished). Remove it and try again.`, { param: `articles.${i}.articleId` });
    if (l.kind === "service") {
      if (!a.slotId) throw new AppError("validation_failed", `"${l.title}" is booked by time slot: choose one (slotId).`, { param: `articles.${i}.slotId` });
      if (a.quantity !== 1) throw new AppError("validation_failed", `A time slot of "${l.title}" is for one buyer: quantity must be 1.`, { param: `articles.${i}.quantity` });
      const [slot] = z.uuid().safeParse(a.slotId).success ? await db.select().from(listingSlots).where(and(eq(listingSlots.id, a.slotId), eq(listingSlots.listingId, l.id))) : [];
      if (!slot) throw new AppError("article_not_found", `That time slot of "${l.title}" does not exist. Choose one of the listed slots.`, { param: `articles.${i}.slotId` });
    } else if (a.slotId) {
      throw new AppError("validation_failed", `"${l.title}" has no time slots: leave slotId out.`, { param: `articles.${i}.slotId` });
    }
    items.push({ listingId: l.id, slotId: l.kind === "service" ? (a.slotId ?? null) : null, kind: l.kind, title: l.title, quantity: a.quantity, unitAmount: l.amount, amount: l.amount * a.quantity });
  }
  const sellers = new Set(rows.map((r) => r.organisationId));
  if (sellers.size > 1) throw new AppError("mixed_sellers", "All articles of one checkout must come from the same seller. Check out each seller's articles separately.", { param: "articles" });
  const currencies = new Set(rows.map((r) => r.currency));
  if (currencies.size > 1) throw new AppError("validation_failed", "These articles are priced in different currencies; check them out separately.", { param: "articles" });
  return { items, organisationId: rows[0].organisationId, currency: rows[0].currency };
}

function redirectUrl(value: string | undefined, param: string): string | null {
  if (value === undefined) return null;
  if (!isOnOrigin(value, env().appOrigin)) throw new AppError("invalid_redirect_url", `${param} must be a URL on ${env().appOrigin}.`, { param });
  return value;
}

/**
 * Starts a checkout: prices the articles, holds their stock, supersedes the buyer's earlier open checkouts of
 * the same internalReferenceId (default: the same articles; expired at Stripe and their stock released), and
 * creates the Checkout Session with the seller's charge type. Nothing is written when a check fails.
 */
export async function startCheckout(db: Database, buyer: Buyer, input: CheckoutRequest): Promise<CheckoutResponse> {
  assertNoTransaction(db, "startCheckout");
  const v = checkoutRequest.parse(input);
  if (v.cancelUrl !== undefined && v.uiMode === "embedded") {
    throw new AppError("cancel_url_not_allowed", "cancelUrl is not allowed with embedded Checkout: the buyer never leaves your page. Leave it out.", { param: "cancelUrl" });
  }
  const confirmationUrl = redirectUrl(v.confirmationUrl, "confirmationUrl");
  const cancelUrl = redirectUrl(v.cancelUrl, "cancelUrl");
  const { items, organisationId, currency } = await priceArticles(db, v.articles);
  const account = await sellingAccount(db, organisationId);
  if (!account) {
    const status = await canSell(db, organisationId);
    throw new AppError("seller_not_ready", "This seller can't take payments right now, so it can't be bought. Try again later.", { details: { reasons: status.reasons } });
  }
  const amount = items.reduce((s, i) => s + i.amount, 0);
  const fee = await cardSaleFee(db, organisationId, amount);
  const articlesKey = articlesKeyOf(items);
  const reference = v.internalReferenceId ?? null;
  const manual = items.some((i) => i.kind === "service");

  // Earlier open checkouts this one replaces: closed with the new order in one transaction (their stock is
  // free for the new one; a failure here rolls both back), then expired at Stripe once it has committed.
  const { orderId, superseded } = await db.transaction(async (tx) => {
    // One checkout per buyer at a time: two concurrent ones would each close the other's earlier orders (in
    // whatever order they read them) and deadlock, or both stay open where one should supersede the other.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`plaza:checkout:${buyer.id}`}, 0))`);
    const earlier = await tx
      .select({ id: orders.id, checkoutSessionId: orders.checkoutSessionId, stripeAccount: orders.stripeAccount, chargeType: orders.chargeType })
      .from(orders)
      .where(and(eq(orders.buyerUserId, buyer.id), eq(orders.status, "awaiting_payment"), reference ? eq(orders.internalReferenceId, reference) : and(isNull(orders.internalReferenceId), eq(orders.articlesKey, articlesKey))));
    const closed = [];
    for (const e of earlier) if (await closeUnpaidOrder(tx, e.id, "cancelled", "superseded")) closed.push(e);
    const [order] = await tx
      .insert(orders)
      .values({
        buyerUserId: buyer.id,
        organisationId,
        amount,
        currency,
        platformFee: fee.fee,
        feeScheduleId: fee.scheduleId,
        feeComputation: { ...fee },
        internalReferenceId: reference,
        articlesKey,
        chargeType: account.chargeType,
        stripeAccount: account.id,
        captureMethod: manual ? "manual" : "automatic",
      })
      .returning({ id: orders.id });
    await tx.insert(orderItems).values(items.map((i) => ({ orderId: order.id, listingId: i.listingId, slotId: i.slotId, kind: i.kind, title: i.title, quantity: i.quantity, unitAmount: i.unitAmount, amount: i.amount })));
    await holdStock(tx, order.id, items);
    return { orderId: order.id, superseded: closed };
  });

  for (const s of superseded) await expireAtStripe(s.checkoutSessionId, s.chargeType === "direct" ? s.stripeAccount : null);

  if (amount === 0) {
    // Nothing to pay: fulfilled at once (course access, tickets), no Stripe call.
    await db.transaction((tx) => fulfilOrder(tx, orderId, { paidWith: "checkout", paymentIntentId: null, stripeEventId: null, authorisedOnly: false }));
    return { orderId, sessionId: null, url: `${env().appUrl}/orders/${orderId}`, status: "complete", clientSecret: null, customerId: null, paymentIntentClientSecret: null, paymentIntentId: null, stripeAccount: null };
  }

  const direct = account.chargeType === "direct";
  const metadata = orderPurpose.metadataFor({ plaza_order_id: orderId, plaza_user_id: buyer.id });
  const appUrl = env().appUrl;
  const returnUrl = confirmationUrl ?? `${appUrl}/orders/${orderId}?session_id={CHECKOUT_SESSION_ID}`;
  let session: Stripe.Checkout.Session;
  try {
    const customer = direct ? null : await ensureStripeCustomer(db, buyer);
    session = await stripe().checkout.sessions.create(
      {
        mode: "payment",
        ui_mode: stripeUiMode(v.uiMode),
        ...(customer ? { customer } : { customer_email: buyer.email }),
        client_reference_id: orderId,
        line_items: items.map((i) => ({ quantity: i.quantity, price_data: { currency, unit_amount: i.unitAmount, product_data: { name: i.title } } })),
        metadata,
        payment_intent_data: {
          metadata,
          description: `Plaza order ${orderId}`,
          ...(fee.fee > 0 ? { application_fee_amount: fee.fee } : {}),
          ...(direct ? {} : { transfer_data: { destination: account.id } }),
          ...(manual ? { capture_method: "manual" as const } : {}),
        },
        ...(v.uiMode === "hosted" ? { success_url: returnUrl, cancel_url: cancelUrl ?? `${appUrl}/orders/${orderId}?checkout=cancelled` } : { return_url: returnUrl }),
      },
      { idempotencyKey: idempotencyKey("order-checkout", orderId), ...(direct ? { stripeAccount: account.id } : {}) },
    );
  } catch (e) {
    await db.transaction((tx) => closeUnpaidOrder(tx, orderId, "cancelled", "stripe_unavailable"));
    throw new AppError("stripe_unavailable", `Stripe could not start the payment: ${e instanceof Error ? e.message : "unknown error"}. Nothing was charged; try again in a moment.`);
  }
  await db.transaction(async (tx) => {
    await tx.update(orders).set({ checkoutSessionId: session.id }).where(eq(orders.id, orderId));
    await recordCheckoutSession(tx, session, direct ? account.id : null);
  });
  return { orderId, ...checkoutStart(session, direct ? account.id : null) };
}

/** Expires a superseded session at Stripe. If that fails (already paid, Stripe down), a late payment is refunded when it arrives. */
async function expireAtStripe(sessionId: string | null, stripeAccount: string | null): Promise<void> {
  if (!sessionId) return;
  try {
    await stripe().checkout.sessions.expire(sessionId, {}, { idempotencyKey: idempotencyKey("checkout-expire", sessionId), ...(stripeAccount ? { stripeAccount } : {}) });
  } catch (e) {
    console.warn("[plaza] could not expire superseded checkout", sessionId, e instanceof Error ? e.message : e);
  }
}

/** The buyer gives up an open checkout (or a wallet payment failed): the order is cancelled, its stock released, its session expired. */
export async function abandonCheckout(db: Database, buyerUserId: string, orderId: string): Promise<void> {
  assertNoTransaction(db, "abandonCheckout");
  const [order] = await db.select().from(orders).where(and(eq(orders.id, orderId), eq(orders.buyerUserId, buyerUserId)));
  if (!order) return;
  const closed = await db.transaction((tx) => closeUnpaidOrder(tx, order.id, "cancelled", "abandoned"));
  if (closed && order.paymentRoute === "checkout") await expireAtStripe(order.checkoutSessionId, order.chargeType === "direct" ? order.stripeAccount : null);
}
