import "server-only";
import { and, eq, isNull, ne } from "drizzle-orm";
import type Stripe from "stripe";
import { z } from "zod";
import type { Database } from "@/db/client";
import { connectedAccounts } from "@/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { assertNoTransaction } from "@/lib/payments/no-transaction";
import { connectClientId, idempotencyKey, oauthAuthorizeUrl, stripe } from "@/lib/stripe/client";
import { findConnectedAccount, markAccountDeauthorized, mirrorConnectedAccount } from "./accounts";
import { connectStatus, currentAccount, type ConnectKind, type ConnectStatus } from "./can-sell";
import { consumeOAuthState, createOAuthState } from "./oauth-state";
import { ConnectRefusal } from "./refusal";

/** The input of "connect a Stripe account", for the JSON API and the payments page alike. */
export const connectRequest = z.object({ kind: z.enum(["standard", "express", "custom"], "Choose how to connect: standard, express or custom.") });

interface Org {
  id: string;
  slug: string;
  name: string;
}

export type ConnectStart = { kind: "standard"; url: string } | { kind: "express"; accountId: string; url: string } | { kind: "custom"; accountId: string };

/**
 * The account model: controller properties (Stripe's current one) rather than the deprecated `type`. Express:
 * Stripe collects requirements and gives a light dashboard; Custom: Plaza collects them with its own form.
 * Either way Plaza pays Stripe's fees and carries the losses, as destination charges need.
 */
const CONTROLLERS: Record<"express" | "custom", Stripe.AccountCreateParams.Controller> = {
  express: { stripe_dashboard: { type: "express" }, fees: { payer: "application" }, losses: { payments: "application" }, requirement_collection: "stripe" },
  custom: { stripe_dashboard: { type: "none" }, fees: { payer: "application" }, losses: { payments: "application" }, requirement_collection: "application" },
};

async function refuseIfConnected(db: Database, organisationId: string): Promise<void> {
  const existing = await currentAccount(db, organisationId);
  if (existing && (existing.kind === "standard" || existing.detailsSubmitted || existing.chargesEnabled)) {
    throw new AppError("already_connected", "This organisation already has a Stripe account connected. Disconnect it first to connect another.");
  }
}

export function paymentsPath(slug: string): string {
  return `/orgs/${slug}/payments`;
}

/** Starts connecting: an OAuth URL for Standard, an account and onboarding link for Express, an account for Custom. */
export async function startConnect(db: Database, org: Org, userId: string, kind: ConnectKind): Promise<ConnectStart> {
  assertNoTransaction(db, "startConnect");
  await refuseIfConnected(db, org.id);
  if (kind === "standard") {
    const clientId = await connectClientId();
    if (!clientId) throw new AppError("stripe_unavailable", "Connecting a Standard account needs STRIPE_CONNECT_CLIENT_ID (the platform's ca_… id). Set it and restart.");
    const state = await createOAuthState(db, userId, org.id);
    const url = oauthAuthorizeUrl({ client_id: clientId, response_type: "code", scope: "read_write", state, redirect_uri: `${env().appUrl}/connect/oauth/callback` });
    return { kind, url };
  }
  // An onboarding that was started but not finished is continued, not duplicated.
  const pending = await currentAccount(db, org.id);
  // One account per organisation (a unique index): an unfinished one of another kind is a refusal, not a 500.
  if (pending && pending.kind !== kind) {
    throw new AppError("conflict", `This organisation has started connecting a ${pending.kind} account. Finish or disconnect it before choosing another kind.`);
  }
  const accountId = pending?.kind === kind ? pending.id : (await createAccount(db, org, kind)).id;
  if (kind === "custom") return { kind, accountId };
  return { kind, accountId, url: await onboardingLink(accountId, org.slug) };
}

async function createAccount(db: Database, org: Org, kind: "express" | "custom"): Promise<Stripe.Account> {
  let account: Stripe.Account;
  try {
    account = await stripe().accounts.create(
      {
        controller: CONTROLLERS[kind],
        country: "US",
        capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
        business_profile: { name: org.name },
        metadata: { plaza_organisation_id: org.id },
      },
      { idempotencyKey: idempotencyKey("connect-account", kind, org.id) },
    );
  } catch (e) {
    throw new AppError("stripe_unavailable", `Stripe could not create the account: ${e instanceof Error ? e.message : "unknown error"}. Try again in a moment.`);
  }
  await mirrorConnectedAccount(db, account, new Date(), { organisationId: org.id, kind });
  return account;
}

/** A fresh Express onboarding link (links expire within minutes; an expired one sends the seller to the refresh route for a new one). */
export async function onboardingLink(accountId: string, slug: string): Promise<string> {
  const base = env().appUrl;
  const link = await stripe().accountLinks.create({
    account: accountId,
    type: "account_onboarding",
    return_url: `${base}${paymentsPath(slug)}/return`,
    refresh_url: `${base}/api/orgs/${slug}/connect/refresh`,
  });
  return link.url;
}

/** Re-reads the organisation's account from Stripe and mirrors it (the return from onboarding never trusts the redirect). */
export async function refreshConnectStatus(db: Database, organisationId: string): Promise<ConnectStatus> {
  assertNoTransaction(db, "refreshConnectStatus");
  const account = await currentAccount(db, organisationId);
  if (account) {
    const fresh = await stripe().accounts.retrieve(account.id);
    await mirrorConnectedAccount(db, fresh, new Date());
  }
  return connectStatus(db, organisationId);
}

/**
 * The OAuth callback: checks `state` (signed, single-use, unexpired, this user's), exchanges the code, re-reads
 * the account and stores it for the organisation the state was made for. Every refusal stores nothing.
 */
export async function completeOAuth(db: Database, userId: string, q: { code: string | null; state: string | null; error: string | null }): Promise<{ organisationId: string }> {
  assertNoTransaction(db, "completeOAuth");
  // The state is checked (and used up) first, in its own short transaction: a denied or failed exchange still spends it.
  const organisationId = await db.transaction((tx) => consumeOAuthState(tx, q.state, userId));
  try {
    await exchangeAndStore(db, organisationId, q);
  } catch (e) {
    if (e instanceof ConnectRefusal) e.organisationId = organisationId;
    throw e;
  }
  return { organisationId };
}

async function exchangeAndStore(db: Database, organisationId: string, q: { code: string | null; error: string | null }): Promise<void> {
  if (q.error) throw new ConnectRefusal("access_denied");
  if (!q.code) throw new ConnectRefusal("code_invalid");
  let token: Stripe.OAuthToken;
  try {
    token = await stripe().oauth.token({ grant_type: "authorization_code", code: q.code });
  } catch {
    throw new ConnectRefusal("code_invalid");
  }
  const stripeUserId = token.stripe_user_id;
  if (!stripeUserId) throw new ConnectRefusal("code_invalid");
  // Calls act as the account through the Stripe-Account header; the access token is never stored or used.
  const account = await stripe().accounts.retrieve(stripeUserId);
  await db.transaction(async (tx) => {
    const [elsewhere] = await tx
      .select({ id: connectedAccounts.id })
      .from(connectedAccounts)
      .where(and(eq(connectedAccounts.id, stripeUserId), isNull(connectedAccounts.deauthorizedAt), ne(connectedAccounts.organisationId, organisationId)))
      .limit(1);
    if (elsewhere) throw new ConnectRefusal("account_taken");
    if (await currentAccount(tx, organisationId)) throw new ConnectRefusal("already_connected");
    const previous = await findConnectedAccount(tx, stripeUserId);
    if (previous) {
      // Reconnecting an account this organisation had before: it is current again.
      await tx.update(connectedAccounts).set({ organisationId, kind: "standard", scope: token.scope ?? null, livemode: token.livemode ?? false, deauthorizedAt: null }).where(eq(connectedAccounts.id, stripeUserId));
      await mirrorConnectedAccount(tx, account, new Date());
    } else {
      await mirrorConnectedAccount(tx, account, new Date(), { organisationId, kind: "standard", scope: token.scope ?? null });
      await tx.update(connectedAccounts).set({ livemode: token.livemode ?? false }).where(eq(connectedAccounts.id, stripeUserId));
    }
  });
}

/** Disconnects a Standard account (Stripe revokes Plaza's access); Express and Custom accounts belong to Plaza and stay. */
export async function disconnect(db: Database, organisationId: string): Promise<ConnectStatus> {
  assertNoTransaction(db, "disconnect");
  const account = await currentAccount(db, organisationId);
  if (!account) throw new AppError("not_found", "This organisation has no Stripe account connected.");
  if (account.kind !== "standard") {
    throw new AppError("cannot_disconnect", "Express and Custom accounts are run by Plaza for this organisation and can't be disconnected. Contact support to close one.");
  }
  const clientId = await connectClientId();
  try {
    await stripe().oauth.deauthorize({ client_id: clientId ?? "", stripe_user_id: account.id });
  } catch (e) {
    // Already revoked on Stripe's side (the seller did it from their dashboard): mark it here too.
    if (!(e instanceof Error && /not connected|does not exist|invalid_client/i.test(e.message))) throw e;
  }
  await markAccountDeauthorized(db, account.id, new Date());
  return connectStatus(db, organisationId);
}
