import "server-only";
import Stripe from "stripe";
import { env } from "@/lib/env";

/** The API version every request and webhook payload is pinned to (the installed SDK's own). */
export const STRIPE_API_VERSION = Stripe.API_VERSION;

const globalForStripe = globalThis as typeof globalThis & { __plazaStripe?: Stripe };

/**
 * The one Stripe client: real Stripe when STRIPE_SECRET_KEY is set, else the local emulator (same SDK, same
 * code paths; only host, port and protocol differ).
 */
export function stripe(): Stripe {
  if (globalForStripe.__plazaStripe) return globalForStripe.__plazaStripe;
  const e = env();
  const common = { apiVersion: STRIPE_API_VERSION, maxNetworkRetries: 2, appInfo: { name: "Plaza", url: "https://github.com/plaza" } } as const;
  const client =
    e.stripeMode === "emulator"
      ? new Stripe(e.stripeSecretKey, { ...common, host: "127.0.0.1", port: e.STRIPE_EMULATOR_PORT, protocol: "http", telemetry: false })
      : new Stripe(e.stripeSecretKey, common);
  globalForStripe.__plazaStripe = client;
  return client;
}

/**
 * Idempotency keys derived from Plaza's own ids, so a retried write (ours or the SDK's) can never create a
 * second Stripe object: e.g. `idempotencyKey("checkout", orderId)`.
 */
export function idempotencyKey(...parts: (string | number)[]): string {
  return `plaza:${parts.join(":")}`;
}

/**
 * The Connect OAuth authorize URL. stripe-node builds `https://<host>/oauth/authorize` with no port, so in
 * emulator mode the origin is rewritten to the emulator's public URL.
 */
export function oauthAuthorizeUrl(params: Stripe.OAuthAuthorizeUrlParams, options: { express?: boolean } = {}): string {
  const url = new URL(stripe().oauth.authorizeUrl(params, options));
  const e = env();
  if (e.stripeMode !== "emulator") return url.toString();
  const emulator = new URL(e.emulatorUrl);
  url.protocol = emulator.protocol;
  url.host = emulator.host;
  return url.toString();
}

interface EmulatorTenant {
  account: string;
  client_id: string;
  publishable_key: string;
}

let tenant: Promise<EmulatorTenant> | undefined;

async function emulatorTenant(): Promise<EmulatorTenant> {
  tenant ??= fetch(`http://127.0.0.1:${env().STRIPE_EMULATOR_PORT}/_emu/tenant`, {
    headers: { Authorization: `Bearer ${env().stripeSecretKey}` },
  }).then(async (r) => {
    if (!r.ok) throw new Error(`The Stripe emulator answered ${r.status} for /_emu/tenant`);
    return (await r.json()) as EmulatorTenant; // the emulator's documented control API shape
  });
  return tenant.catch((e) => {
    tenant = undefined;
    throw e;
  });
}

/** The publishable key for the browser: from the environment, or the emulator tenant's own. */
export async function publishableKey(): Promise<string> {
  const e = env();
  if (e.STRIPE_PUBLISHABLE_KEY) return e.STRIPE_PUBLISHABLE_KEY;
  return (await emulatorTenant()).publishable_key;
}

/** The Connect OAuth client id (ca_…): from the environment, or the emulator tenant's own. */
export async function connectClientId(): Promise<string | undefined> {
  const e = env();
  if (e.STRIPE_CONNECT_CLIENT_ID) return e.STRIPE_CONNECT_CLIENT_ID;
  if (e.stripeMode === "emulator") return (await emulatorTenant()).client_id;
  return undefined;
}
