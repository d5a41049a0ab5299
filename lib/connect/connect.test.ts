import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing";
import { connectedAccounts, emailOutbox, users } from "@/db/schema";
import { startStripeHarness, type StripeHarness } from "@/lib/wallet/testing/harness";
import { stripe } from "@/lib/stripe/client";
import { createOrganisation } from "@/lib/orgs/organisations";
import { connectStatus } from "./can-sell";
import { submitCustomDetails } from "./custom";
import { completeOAuth, disconnect, refreshConnectStatus, startConnect } from "./onboarding";

const harness: StripeHarness = await startStripeHarness();
const drivers = await testDrivers();
afterAll(() => harness.close());

/** Plays the seller on the emulator's OAuth consent page: the code (or error) Stripe sends back, with the state. */
async function consent(url: string, decision: "new" | "deny" | { account: string }) {
  const u = new URL(url);
  const form = new URLSearchParams();
  for (const k of ["client_id", "redirect_uri", "state", "scope"]) form.set(k, u.searchParams.get(k) ?? "");
  if (typeof decision === "string") form.set("decision", decision);
  else form.set("account", decision.account);
  const r = await fetch(`${harness.emulator.url}/oauth/authorize`, { method: "POST", body: form, redirect: "manual" });
  const back = new URL(r.headers.get("location") ?? "");
  return { code: back.searchParams.get("code"), state: back.searchParams.get("state"), error: back.searchParams.get("error") };
}

describe.each(drivers)("Connect onboarding on %s", (driver) => {
  let t: TestDatabase;
  let n = 0;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    harness.useDatabase(t.db);
  });
  afterAll(async () => t?.close());
  afterEach(() => vi.useRealTimers());

  async function orgWithOwner(name = "seller") {
    n++;
    const [owner] = await t.db.insert(users).values({ email: `${name}-${n}-${driver}@plaza.test`, name }).returning();
    const org = await createOrganisation(t.db, owner.id, { name: `${name} ${n}`, slug: `${name}-${n}-${driver}`, kind: "club" });
    return { owner, org };
  }

  it("Express: creates the account with controller properties, onboards it and can sell once Stripe says so", async () => {
    const { owner, org } = await orgWithOwner("express");
    expect((await connectStatus(t.db, org.id)).reasons.map((r) => r.code)).toEqual(["not_onboarded"]);
    const start = await startConnect(t.db, org, owner.id, "express");
    if (start.kind !== "express") throw new Error("expected express");
    expect(new URL(start.url).port).toBe(String(harness.emulator.port));
    const account = await stripe().accounts.retrieve(start.accountId);
    expect(account.controller?.stripe_dashboard?.type).toBe("express");
    expect(account.metadata?.plaza_organisation_id).toBe(org.id);
    // The same request twice continues the same account.
    const again = await startConnect(t.db, org, owner.id, "express");
    expect(again.kind === "express" && again.accountId).toBe(start.accountId);
    expect((await connectStatus(t.db, org.id)).canSell).toBe(false);

    await harness.control(`/_emu/accounts/${start.accountId}/onboard`, { outcome: "complete" });
    await harness.drain();
    const status = await connectStatus(t.db, org.id);
    expect(status).toMatchObject({ canSell: true, account: { id: start.accountId, kind: "express", chargesEnabled: true } });
    await expect(startConnect(t.db, org, owner.id, "standard")).rejects.toMatchObject({ code: "already_connected", status: 409 });
    await expect(disconnect(t.db, org.id)).rejects.toMatchObject({ code: "cannot_disconnect", status: 409 });
  });

  it("a restricted account cannot sell and says why in words", async () => {
    const { owner, org } = await orgWithOwner("restricted");
    const start = await startConnect(t.db, org, owner.id, "express");
    await harness.control(`/_emu/accounts/${start.kind === "express" ? start.accountId : ""}/onboard`, { outcome: "restricted" });
    await harness.drain();
    const status = await refreshConnectStatus(t.db, org.id);
    expect(status.canSell).toBe(false);
    const blocking = status.reasons.filter((r) => r.severity === "blocking");
    expect(blocking.length).toBeGreaterThan(0);
    expect(blocking.map((r) => r.code)).toContain("past_due");
    expect(blocking.every((r) => r.message.length > 10 && r.action.length > 10)).toBe(true);
  });

  it("Standard by OAuth: connects once; a replayed, forged, expired or someone else's state, or a denial, stores nothing", async () => {
    const { owner, org } = await orgWithOwner("standard");
    const start = await startConnect(t.db, org, owner.id, "standard");
    if (start.kind !== "standard") throw new Error("expected standard");
    expect(new URL(start.url).searchParams.get("state")).toBeTruthy();

    const denied = await consent(start.url, "deny");
    await expect(completeOAuth(t.db, owner.id, denied)).rejects.toMatchObject({ code: "access_denied", organisationId: org.id });
    expect(await t.db.select().from(connectedAccounts).where(eq(connectedAccounts.organisationId, org.id))).toHaveLength(0);

    const forged = await consent(start.url, "new");
    await expect(completeOAuth(t.db, owner.id, { ...forged, state: `${forged.state}x` })).rejects.toMatchObject({ code: "state_invalid" });
    await expect(completeOAuth(t.db, owner.id, { ...forged, state: null })).rejects.toMatchObject({ code: "state_missing" });

    const fresh = await startConnect(t.db, org, owner.id, "standard");
    const answer = await consent(fresh.kind === "standard" ? fresh.url : "", "new");
    const [stranger] = await t.db.insert(users).values({ email: `stranger-${n}-${driver}@plaza.test` }).returning();
    await expect(completeOAuth(t.db, stranger.id, answer)).rejects.toMatchObject({ code: "state_invalid" });
    const late = await startConnect(t.db, org, owner.id, "standard");
    const lateAnswer = await consent(late.kind === "standard" ? late.url : "", "new");
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 11 * 60 * 1000);
    await expect(completeOAuth(t.db, owner.id, lateAnswer)).rejects.toMatchObject({ code: "state_expired" });
    vi.useRealTimers();
    expect(await t.db.select().from(connectedAccounts).where(eq(connectedAccounts.organisationId, org.id))).toHaveLength(0);

    const good = await startConnect(t.db, org, owner.id, "standard");
    const ok = await consent(good.kind === "standard" ? good.url : "", "new");
    await completeOAuth(t.db, owner.id, ok);
    await harness.drain();
    const status = await connectStatus(t.db, org.id);
    expect(status).toMatchObject({ canSell: true, account: { kind: "standard" } });
    await expect(completeOAuth(t.db, owner.id, ok)).rejects.toMatchObject({ code: "state_used" });

    // The same Stripe account for another organisation is refused.
    const other = await orgWithOwner("other");
    const otherStart = await startConnect(t.db, other.org, other.owner.id, "standard");
    const reuse = await consent(otherStart.kind === "standard" ? otherStart.url : "", { account: status.account?.id ?? "" });
    await expect(completeOAuth(t.db, other.owner.id, reuse)).rejects.toMatchObject({ code: "account_taken" });
    expect((await connectStatus(t.db, other.org.id)).canSell).toBe(false);

    // Disconnect: Stripe revokes access and the organisation can no longer sell.
    const after = await disconnect(t.db, org.id);
    expect(after.canSell).toBe(false);
    expect(after.reasons.map((r) => r.code)).toEqual(["disconnected"]);
    await harness.drain();
    expect((await connectStatus(t.db, org.id)).reasons.map((r) => r.code)).toEqual(["disconnected"]);
  });

  it("a seller who revokes Plaza from Stripe's side is marked disconnected by the webhook", async () => {
    const { owner, org } = await orgWithOwner("revoker");
    const start = await startConnect(t.db, org, owner.id, "standard");
    await completeOAuth(t.db, owner.id, await consent(start.kind === "standard" ? start.url : "", "new"));
    const id = (await connectStatus(t.db, org.id)).account?.id ?? "";
    const tenant = await (await fetch(`${harness.emulator.url}/_emu/tenant`, { headers: { Authorization: "Bearer sk_test_plaza_emulator" } })).json();
    await stripe().oauth.deauthorize({ client_id: tenant.client_id, stripe_user_id: id });
    await harness.drain();
    expect((await connectStatus(t.db, org.id)).reasons.map((r) => r.code)).toEqual(["disconnected"]);
  });

  it("Custom: Plaza's form sends what is due and the account can sell; Stripe's answer is mirrored", async () => {
    const { owner, org } = await orgWithOwner("custom");
    const start = await startConnect(t.db, org, owner.id, "custom");
    if (start.kind !== "custom") throw new Error("expected custom");
    const before = await refreshConnectStatus(t.db, org.id);
    expect(before.canSell).toBe(false);
    expect(before.account?.requirements.currentlyDue.length).toBeGreaterThan(0);
    const status = await submitCustomDetails(
      t.db,
      org.id,
      { businessType: "individual", firstName: "Jenny", lastName: "Rosen", dob: "1990-01-15", email: "jenny@plaza.test", phone: "+15550100000", addressLine1: "1 Main St", city: "Springfield", postalCode: "94110", state: "CA", routingNumber: "110000000", accountNumber: "000123456789", acceptTos: "on" },
      {},
      { ip: "203.0.113.7", userAgent: "vitest" },
    );
    await harness.drain();
    const [row] = await t.db.select().from(connectedAccounts).where(eq(connectedAccounts.id, start.accountId));
    expect(row.tosAcceptedAt).toBeInstanceOf(Date);
    const account = await stripe().accounts.retrieve(start.accountId);
    expect(account.tos_acceptance?.ip).toBe("203.0.113.7");
    expect(status.account?.requirements.currentlyDue.filter((r) => !r.includes("verification"))).toEqual([]);
  });
});

describe.each(drivers)("Connect status from Stripe's requirements and payouts on %s", (driver) => {
  let t: TestDatabase;
  let n = 0;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    harness.useDatabase(t.db);
  });
  afterAll(async () => t?.close());

  async function sellingOrg() {
    n++;
    const [owner] = await t.db.insert(users).values({ email: `req-${n}-${driver}@plaza.test`, name: "Owner" }).returning();
    const org = await createOrganisation(t.db, owner.id, { name: `Req ${n}`, slug: `req-${n}-${driver}`, kind: "club" });
    const start = await startConnect(t.db, org, owner.id, "express");
    const id = start.kind === "express" ? start.accountId : "";
    await harness.control(`/_emu/accounts/${id}/onboard`, { outcome: "complete" });
    await harness.drain();
    return { owner, org, id };
  }

  const codes = async (orgId: string) => (await connectStatus(t.db, orgId)).reasons.map((r) => `${r.code}:${r.severity}`);

  it("follows requirements as Stripe raises them: due with a deadline, past due, restricted, cleared", async () => {
    const { org, id } = await sellingOrg();
    expect(await codes(org.id)).toEqual([]);

    await harness.control(`/_emu/accounts/${id}/requirements`, { add: ["individual.verification.document"], due_in: 7 * 86400 });
    await harness.drain();
    const due = await connectStatus(t.db, org.id);
    expect(due.canSell).toBe(true);
    expect(due.reasons[0]).toMatchObject({ code: "details_missing", severity: "warning" });
    expect(due.reasons[0].message).toMatch(/a photo of your identity document by \d{1,2} \w+ \d{4}/);
    expect(due.account?.requirements.currentDeadline).toBeTruthy();

    await harness.control(`/_emu/accounts/${id}/requirements`, { expire: true });
    await harness.drain();
    const past = await connectStatus(t.db, org.id);
    expect(past.canSell).toBe(false);
    expect(past.reasons.map((r) => r.code)).toContain("past_due");

    await harness.control(`/_emu/accounts/${id}/requirements`, { clear: true });
    await harness.drain();
    expect((await connectStatus(t.db, org.id)).canSell).toBe(true);

    await harness.control(`/_emu/accounts/${id}/requirements`, { restrict: "rejected.fraud" });
    await harness.drain();
    const rejected = await connectStatus(t.db, org.id);
    expect(rejected.canSell).toBe(false);
    expect(rejected.reasons[0]).toMatchObject({ code: "rejected", severity: "blocking" });
  });

  it("a failed payout is listed first with Stripe's reason and what to do, and the owners are emailed", async () => {
    const { owner, org, id } = await sellingOrg();
    const { sellerPayouts } = await import("./money");
    // Money on the account, then a manual payout that the bank refuses.
    await stripe().paymentIntents.create({ amount: 5000, currency: "usd", payment_method: "pm_card_bypassPending", confirm: true }, { stripeAccount: id });
    const payout = await stripe().payouts.create({ amount: 1000, currency: "usd" }, { stripeAccount: id });
    await harness.control(`/_emu/payouts/${payout.id}/settle`, { outcome: "failed", failure_code: "account_closed" });
    await harness.drain();
    const payouts = await sellerPayouts(t.db, org.id);
    expect(payouts?.[0]).toMatchObject({ id: payout.id, status: "failed", failureCode: "account_closed" });
    expect(payouts?.[0].failureAction).toMatch(/Add a new bank account/);
    const mails = await t.db.select().from(emailOutbox).where(eq(emailOutbox.userId, owner.id));
    expect(mails.map((m) => m.template)).toContain("payout_failed");
  });
});
