import Stripe from "stripe";

/** Stripe's own default: a signature whose timestamp is older than this is refused (replay protection). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type VerifyResult =
  | { ok: true; event: Stripe.Event; endpoint: "platform" | "connect" }
  | { ok: false; reason: "missing_signature" | "invalid_signature" | "invalid_json" };

// Verification needs no API key; this instance only exposes stripe-node's signature code.
const verifier = new Stripe("sk_test_signature_verifier_only");

/**
 * Verifies the raw body against the platform secret, then the Connect secret (Stripe signs each endpoint
 * with its own). The body must be the exact bytes received: parsing before verifying breaks signatures.
 */
export function verifyWebhook(rawBody: string | Buffer, signature: string | null, secrets: { platform: string; connect: string }): VerifyResult {
  if (!signature) return { ok: false, reason: "missing_signature" };
  const candidates: ["platform" | "connect", string][] = [["platform", secrets.platform]];
  if (secrets.connect !== secrets.platform) candidates.push(["connect", secrets.connect]);
  for (const [endpoint, secret] of candidates) {
    try {
      const event = verifier.webhooks.constructEvent(rawBody, signature, secret, SIGNATURE_TOLERANCE_SECONDS);
      return { ok: true, event, endpoint };
    } catch (e) {
      // A valid signature over a body that is not JSON: the signature matched, the payload is broken.
      if (e instanceof SyntaxError) return { ok: false, reason: "invalid_json" };
    }
  }
  return { ok: false, reason: "invalid_signature" };
}
