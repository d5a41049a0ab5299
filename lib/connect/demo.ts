import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { connectedAccounts, organisations } from "@/db/schema";
import { env } from "@/lib/env";
import { connectClientId, stripe } from "@/lib/stripe/client";
import { markAccountDeauthorized, mirrorConnectedAccount } from "./accounts";
import { submitCustomDetails } from "./custom";
import { startConnect } from "./onboarding";

/**
 * The demo sellers' Stripe accounts, one of each kind, so every Connect state can be seen on a fresh machine:
 * Harbour Bridge Club by Express (can sell), Ada's Coaching by Standard OAuth (can sell), Riverside Runners by
 * Custom with details still outstanding. The emulator keeps no state across restarts, so on each start in
 * emulator mode an account the emulator no longer knows is replaced by a fresh one.
 */
const DEMO_SELLERS = [
  { slug: "harbour-bridge-club", kind: "express" },
  { slug: "adas-coaching", kind: "standard" },
  { slug: "riverside-runners", kind: "custom" },
] as const;

async function emulatorControl(path: string, body: unknown): Promise<Response> {
  return fetch(`http://127.0.0.1:${env().STRIPE_EMULATOR_PORT}${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${env().stripeSecretKey}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function waitForEmulator(timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const r = await fetch(`http://127.0.0.1:${env().STRIPE_EMULATOR_PORT}/_emu/tenant`, { headers: { Authorization: `Bearer ${env().stripeSecretKey}` } });
      if (r.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

async function stillKnown(accountId: string): Promise<boolean> {
  try {
    await stripe().accounts.retrieve(accountId, {}, { maxNetworkRetries: 0 });
    return true;
  } catch {
    return false;
  }
}

/** Standard by OAuth, as the seller would: the emulator's consent form, then the code exchange. */
async function connectStandardDemo(db: Database, org: { id: string }): Promise<void> {
  const clientId = await connectClientId();
  const form = new URLSearchParams({ client_id: clientId ?? "", redirect_uri: `${env().appUrl}/connect/oauth/callback`, scope: "read_write", state: "demo-seed", decision: "new" });
  const r = await fetch(`http://127.0.0.1:${env().STRIPE_EMULATOR_PORT}/oauth/authorize`, { method: "POST", body: form, redirect: "manual" });
  const code = new URL(r.headers.get("location") ?? "http://x").searchParams.get("code");
  if (!code) throw new Error("the emulator's consent page gave no code");
  const token = await stripe().oauth.token({ grant_type: "authorization_code", code });
  const account = await stripe().accounts.retrieve(token.stripe_user_id ?? "");
  await mirrorConnectedAccount(db, account, new Date(), { organisationId: org.id, kind: "standard", scope: token.scope ?? null });
}

async function provision(db: Database, org: { id: string; slug: string; name: string }, ownerId: string, kind: "express" | "standard" | "custom"): Promise<void> {
  if (kind === "standard") return connectStandardDemo(db, org);
  const start = await startConnect(db, org, ownerId, kind);
  if (start.kind === "express") {
    await emulatorControl(`/_emu/accounts/${start.accountId}/onboard`, { outcome: "complete" });
    await mirrorConnectedAccount(db, await stripe().accounts.retrieve(start.accountId), new Date());
  } else if (start.kind === "custom") {
    // Part of the form filled in: the bank account and Stripe's terms are still outstanding.
    await submitCustomDetails(db, org.id, { businessType: "individual", firstName: "Sam", lastName: "Runner" }, {}, { ip: "127.0.0.1", userAgent: "Plaza demo seed" });
  }
}

export async function ensureDemoSellers(db: Database, ownerOf: (organisationId: string) => Promise<string | null>): Promise<void> {
  if (env().stripeMode !== "emulator") return;
  if (!(await waitForEmulator(20_000))) {
    console.error("[plaza] the Stripe emulator did not answer; the demo sellers' Stripe accounts were not set up");
    return;
  }
  for (const seller of DEMO_SELLERS) {
    const [org] = await db.select().from(organisations).where(eq(organisations.slug, seller.slug)).limit(1);
    if (!org) continue;
    const [current] = await db.select().from(connectedAccounts).where(and(eq(connectedAccounts.organisationId, org.id), isNull(connectedAccounts.deauthorizedAt))).limit(1);
    if (current && (await stillKnown(current.id))) continue;
    if (current) await markAccountDeauthorized(db, current.id, new Date());
    const owner = await ownerOf(org.id);
    if (!owner) continue;
    try {
      await provision(db, org, owner, seller.kind);
    } catch (e) {
      console.error(`[plaza] could not set up the demo Stripe account of ${org.name}:`, e instanceof Error ? e.message : e);
    }
  }
}
