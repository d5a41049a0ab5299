import "server-only";
import { env } from "@/lib/env";
import { publishableKey, stripe } from "@/lib/stripe/client";
import type { StoredCheckoutSession } from "./checkout-sessions";

export type EmbeddedCheckoutState =
  | { ok: true; clientSecret: string; publishableKey: string; scriptUrl: string | null }
  | { ok: false; problem: string };

/** What the browser needs to mount an open session's embedded Checkout, or why it cannot (in words). */
export async function embeddedCheckoutState(stored: StoredCheckoutSession): Promise<EmbeddedCheckoutState> {
  if (stored.status !== "open") {
    return { ok: false, problem: stored.status === "complete" ? "This payment is already complete." : "This checkout has expired. Start a new top-up from your wallet." };
  }
  try {
    const session = await stripe().checkout.sessions.retrieve(stored.id);
    if (session.status !== "open") return { ok: false, problem: session.status === "complete" ? "This payment is already complete." : "This checkout has expired. Start a new top-up from your wallet." };
    if (!session.client_secret) return { ok: false, problem: "This checkout can't be shown on this page. Start a new top-up and choose Stripe's payment page." };
    const e = env();
    return { ok: true, clientSecret: session.client_secret, publishableKey: await publishableKey(), scriptUrl: e.stripeMode === "emulator" ? `${e.emulatorUrl}/js/stripe.js` : null };
  } catch (e) {
    console.error("[plaza] could not retrieve checkout session", stored.id, e instanceof Error ? e.message : e);
    return { ok: false, problem: "We couldn't reach Stripe just now. Reload the page to try again." };
  }
}
