import "server-only";
import type Stripe from "stripe";
import { z } from "zod";
import type { Database } from "@/db/client";
import { stripe } from "@/lib/stripe/client";
import { settleOrderPaymentIntent, settleOrderSession } from "@/lib/marketplace/fulfilment";
import { abandonAutoTopUpSetup, completeAutoTopUpSetup } from "@/lib/wallet/auto-top-up";
import { creditTopUp, markTopUpClosed } from "@/lib/wallet/top-ups";
import { purposeMetadata, purposeName, type StripeMetadata } from "./metadata";

/**
 * The registry of purposes: every reason Plaza asks Stripe for money or a card. Each names the metadata it
 * puts on the Checkout Session or PaymentIntent (a zod schema), what fulfils it and what an expiry undoes.
 * Webhook handlers and return pages reach these only through ./settle.ts, whichever arrives first.
 */

/** Stripe objects a purpose needs re-read before its transaction opens. */
export interface PurposeReads {
  setupIntent?: Stripe.SetupIntent;
}

export interface SettleContext {
  stripeEventId: string | null;
  reads: PurposeReads;
}

interface CheckoutPurposeSpec<S extends z.ZodType<StripeMetadata>> {
  metadata: S;
  /** The reads fulfilment needs, as a function to run with no transaction open; null when none are needed. */
  reads?: (session: Stripe.Checkout.Session, m: z.infer<S>) => (() => Promise<PurposeReads>) | null;
  fulfil: (tx: Database, session: Stripe.Checkout.Session, m: z.infer<S>, ctx: SettleContext) => Promise<void>;
  expire: (tx: Database, session: Stripe.Checkout.Session, m: z.infer<S>, ctx: SettleContext) => Promise<void>;
}

export interface CheckoutPurpose<S extends z.ZodType<StripeMetadata> = z.ZodType<StripeMetadata>> {
  name: string;
  metadataFor(fields: z.infer<S>): StripeMetadata;
  reads(session: Stripe.Checkout.Session): (() => Promise<PurposeReads>) | null;
  fulfil(tx: Database, session: Stripe.Checkout.Session, ctx: SettleContext): Promise<void>;
  expire(tx: Database, session: Stripe.Checkout.Session, ctx: SettleContext): Promise<void>;
}

/** Metadata Plaza wrote itself; if it no longer parses, the event fails loudly (and is retried) instead of being lost. */
function parseMetadata<S extends z.ZodType<StripeMetadata>>(name: string, schema: S, metadata: Stripe.Metadata | null): z.infer<S> {
  const parsed = schema.safeParse(metadata ?? {});
  if (!parsed.success) throw new Error(`metadata of purpose ${name} does not match its schema: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

function checkoutPurpose<S extends z.ZodType<StripeMetadata>>(name: string, spec: CheckoutPurposeSpec<S>): CheckoutPurpose<S> {
  const read = spec.reads;
  return {
    name,
    metadataFor: (fields) => purposeMetadata(name, spec.metadata, fields),
    reads: (session) => (read ? read(session, parseMetadata(name, spec.metadata, session.metadata)) : null),
    fulfil: (tx, session, ctx) => spec.fulfil(tx, session, parseMetadata(name, spec.metadata, session.metadata), ctx),
    expire: (tx, session, ctx) => spec.expire(tx, session, parseMetadata(name, spec.metadata, session.metadata), ctx),
  };
}

export interface PaymentIntentPurpose<S extends z.ZodType<StripeMetadata> = z.ZodType<StripeMetadata>> {
  name: string;
  metadataFor(fields: z.infer<S>): StripeMetadata;
  succeeded(tx: Database, paymentIntent: Stripe.PaymentIntent, ctx: SettleContext): Promise<void>;
}

function paymentIntentPurpose<S extends z.ZodType<StripeMetadata>>(
  name: string,
  spec: { metadata: S; succeeded: (tx: Database, pi: Stripe.PaymentIntent, m: z.infer<S>, ctx: SettleContext) => Promise<void> },
): PaymentIntentPurpose<S> {
  return {
    name,
    metadataFor: (fields) => purposeMetadata(name, spec.metadata, fields),
    succeeded: (tx, pi, ctx) => spec.succeeded(tx, pi, parseMetadata(name, spec.metadata, pi.metadata), ctx),
  };
}

const topUpMetadata = z.object({ plaza_user_id: z.string().min(1), plaza_top_up_id: z.uuid() });
const memberMetadata = z.object({ plaza_user_id: z.string().min(1) });

function idOf(v: string | { id: string } | null): string | null {
  return typeof v === "string" ? v : (v?.id ?? null);
}

/** A card top-up through Checkout: credited when paid, closed when the session expires unpaid. */
function topUpPurpose(name: string) {
  return checkoutPurpose(name, {
    metadata: topUpMetadata,
    async fulfil(tx, session, m, ctx) {
      if (session.payment_status !== "paid" || session.amount_total === null) return;
      await creditTopUp(tx, m.plaza_top_up_id, { amount: session.amount_total, paymentIntentId: idOf(session.payment_intent), stripeEventId: ctx.stripeEventId });
    },
    async expire(tx, _session, m) {
      await markTopUpClosed(tx, m.plaza_top_up_id, "expired", "The checkout expired before payment.");
    },
  });
}

export const walletTopUp = topUpPurpose("wallet_top_up");

/** A top-up for just what a payment lacked; its stored payment command runs when it is credited. */
export const walletShortfall = topUpPurpose("wallet_shortfall");

/** Saving a card for automatic top-ups (Checkout in setup mode): the saved card turns auto top-up on. */
export const autoTopUpSetup = checkoutPurpose("auto_top_up_setup", {
  metadata: memberMetadata,
  reads(session) {
    const setupIntentId = idOf(session.setup_intent);
    if (session.status !== "complete" || !setupIntentId) return null;
    return async () => ({ setupIntent: await stripe().setupIntents.retrieve(setupIntentId, { expand: ["payment_method"] }) });
  },
  async fulfil(tx, session, m, ctx) {
    const setupIntent = ctx.reads.setupIntent;
    if (!idOf(session.setup_intent)) return;
    if (!setupIntent) throw new Error(`the SetupIntent of ${session.id} was not read before fulfilment`);
    const pm = setupIntent.payment_method;
    if (setupIntent.status !== "succeeded" || !pm) return;
    const card = typeof pm === "string" ? null : pm.card;
    await completeAutoTopUpSetup(tx, m.plaza_user_id, session.id, {
      paymentMethodId: typeof pm === "string" ? pm : pm.id,
      cardLabel: card ? `${card.brand.toUpperCase()} •••• ${card.last4}` : "Saved card",
    });
  },
  async expire(tx, session, m) {
    await abandonAutoTopUpSetup(tx, m.plaza_user_id, session.id);
  },
});

/** An automatic top-up charged off-session to the saved card. */
export const walletAutoTopUp = paymentIntentPurpose("wallet_auto_top_up", {
  metadata: topUpMetadata,
  async succeeded(tx, pi, m, ctx) {
    await creditTopUp(tx, m.plaza_top_up_id, { amount: pi.amount_received, paymentIntentId: pi.id, stripeEventId: ctx.stripeEventId });
  },
});

const orderMetadata = z.object({ plaza_order_id: z.uuid(), plaza_user_id: z.string().min(1) });

/**
 * A marketplace order paid through Checkout (destination or direct charge): fulfilled once when paid (or
 * authorised, for a service), refunded when the payment lands on a checkout Plaza already closed, and closed
 * with its stock released when the session expires.
 */
export const orderPurpose = checkoutPurpose("order", {
  metadata: orderMetadata,
  fulfil: (tx, session, m, ctx) => settleOrderSession(tx, session, m.plaza_order_id, ctx),
  expire: (tx, session, m, ctx) => settleOrderSession(tx, session, m.plaza_order_id, ctx),
});

/** An order charged server-side through the charge API (a PaymentIntent confirmed with a card). */
export const orderChargePurpose = paymentIntentPurpose("order_charge", {
  metadata: orderMetadata,
  succeeded: (tx, pi, m, ctx) => settleOrderPaymentIntent(tx, pi, m.plaza_order_id, ctx),
});

const CHECKOUT_PURPOSES: ReadonlyMap<string, CheckoutPurpose> = new Map([walletTopUp, walletShortfall, autoTopUpSetup, orderPurpose].map((p) => [p.name, p]));
const PAYMENT_INTENT_PURPOSES: ReadonlyMap<string, PaymentIntentPurpose> = new Map([walletAutoTopUp, orderChargePurpose].map((p) => [p.name, p]));

/** The purpose of a Checkout Session, or null for one Plaza did not create for a known purpose. */
export function checkoutPurposeOf(session: Stripe.Checkout.Session): CheckoutPurpose | null {
  return CHECKOUT_PURPOSES.get(purposeName(session.metadata) ?? "") ?? null;
}

export function paymentIntentPurposeOf(pi: Stripe.PaymentIntent): PaymentIntentPurpose | null {
  return PAYMENT_INTENT_PURPOSES.get(purposeName(pi.metadata) ?? "") ?? null;
}
