import type Stripe from "stripe";

/** The response of every endpoint that starts a Checkout Session (the same fields as POST /api/checkout; null where Stripe has none). */
export interface CheckoutStart {
  sessionId: string;
  url: string | null;
  status: string | null;
  clientSecret: string | null;
  customerId: string | null;
  paymentIntentClientSecret: string | null;
  paymentIntentId: string | null;
  stripeAccount: string | null;
}

export type UiMode = "hosted" | "embedded";

/** Plaza's ui modes in the API version the SDK pins (2026-03-25.dahlia renamed them). */
export function stripeUiMode(mode: UiMode): Stripe.Checkout.SessionCreateParams.UiMode {
  return mode === "hosted" ? "hosted_page" : "embedded_page";
}

export function checkoutStart(session: Stripe.Checkout.Session, stripeAccount: string | null = null): CheckoutStart {
  const pi = session.payment_intent;
  return {
    sessionId: session.id,
    url: session.url,
    status: session.status,
    clientSecret: session.client_secret,
    customerId: typeof session.customer === "string" ? session.customer : (session.customer?.id ?? null),
    paymentIntentClientSecret: typeof pi === "object" && pi ? pi.client_secret : null,
    paymentIntentId: typeof pi === "string" ? pi : (pi?.id ?? null),
    stripeAccount,
  };
}
