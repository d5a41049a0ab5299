import Stripe from "stripe";

/** Test helpers: Stripe-shaped events and signatures made by the stripe SDK itself (never hand-rolled). */
const sdk = new Stripe("sk_test_fixture_only");
let seq = 0;

export function eventId(): string {
  seq += 1;
  return `evt_test_${Date.now().toString(36)}${seq.toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

function envelope(type: string, object: Record<string, unknown>, opts: { id?: string; created?: number; account?: string }) {
  return {
    id: opts.id ?? eventId(),
    object: "event",
    api_version: Stripe.API_VERSION,
    created: opts.created ?? Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    ...(opts.account ? { account: opts.account } : {}),
    data: { object },
  };
}

export function checkoutSessionEvent(type: "checkout.session.completed" | "checkout.session.expired", session: Record<string, unknown>, opts: { id?: string; created?: number; account?: string } = {}) {
  const completed = type === "checkout.session.completed";
  return envelope(
    type,
    {
      id: "cs_test_default",
      object: "checkout.session",
      mode: "payment",
      status: completed ? "complete" : "expired",
      payment_status: completed ? "paid" : "unpaid",
      amount_total: 5000,
      currency: "usd",
      payment_intent: completed ? "pi_test_1" : null,
      setup_intent: null,
      customer: null,
      client_reference_id: null,
      metadata: {},
      ...session,
    },
    opts,
  );
}

export function accountUpdatedEvent(account: Record<string, unknown> & { id: string }, opts: { id?: string; created?: number } = {}) {
  return envelope(
    "account.updated",
    {
      object: "account",
      type: "express",
      charges_enabled: false,
      payouts_enabled: false,
      details_submitted: false,
      requirements: { currently_due: [], disabled_reason: null },
      metadata: {},
      ...account,
    },
    { ...opts, account: account.id },
  );
}

export function signed(event: unknown, secret: string, timestamp = Math.floor(Date.now() / 1000)) {
  const payload = JSON.stringify(event, null, 2);
  return { payload, signature: sdk.webhooks.generateTestHeaderString({ payload, secret, timestamp }) };
}
