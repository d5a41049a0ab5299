import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing";
import { emailOutbox, ious, stripeEvents, users, walletTopUps } from "@/db/schema";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { AppError } from "@/lib/errors";
import { startStripeHarness, type StripeHarness } from "./testing/harness";
import { walletBalance } from "./accounts";
import { startTopUpCheckout } from "@/lib/payments/top-ups";
import { syncCheckoutSession } from "@/lib/payments/settle";
import { startAutoTopUpSetup } from "@/lib/payments/auto-top-up";
import { payIou, transferToMember } from "@/lib/payments/wallet-payments";
import { getWalletSettings } from "./settings";
import { cancelIou, raiseIou } from "./ious";
import { payMemberFromOrganisation } from "./organisation-payments";
import { memberships, organisations } from "@/db/schema";
import { createConformanceChecker } from "@/lib/stripe-emulator/conformance/validator";

const harness: StripeHarness = await startStripeHarness();
const drivers = await testDrivers();
afterAll(() => harness.close());

describe.each(drivers)("wallets on %s", (driver) => {
  let t: TestDatabase;
  let n = 0;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    harness.useDatabase(t.db);
  });
  afterAll(async () => t?.close());
  afterEach(async () => checkLedgerInvariants(t.db));

  async function member(name = "member") {
    n++;
    const [u] = await t.db.insert(users).values({ email: `${name}-${n}-${driver}@plaza.test`, name: `${name} ${n}` }).returning();
    return { id: u.id, email: u.email, name: u.name };
  }

  async function topUp(user: { id: string; email: string }, amount: number, card?: string) {
    const start = await startTopUpCheckout(t.db, { user, amount, uiMode: "hosted", kind: "manual" });
    await harness.control(`/_emu/checkout/sessions/${start.sessionId}/complete`, card ? { card } : {});
    await harness.drain();
    return start;
  }

  it("credits a completed top-up exactly once, from the webhook and the return page alike", async () => {
    const m = await member();
    const start = await startTopUpCheckout(t.db, { user: m, amount: 5000, uiMode: "hosted", kind: "manual" });
    expect(start.url).toContain("/c/pay/");
    expect(start.clientSecret).toBeNull();
    expect((await walletBalance(t.db, m.id)).amount).toBe(0);
    await harness.control(`/_emu/checkout/sessions/${start.sessionId}/complete`, {});
    // The return page may run before or after the webhook: both paths, repeated, credit once.
    await syncCheckoutSession(t.db, start.sessionId);
    await harness.drain();
    await syncCheckoutSession(t.db, start.sessionId);
    expect((await walletBalance(t.db, m.id)).amount).toBe(5000);
    const [row] = await t.db.select().from(walletTopUps).where(eq(walletTopUps.id, start.topUpId));
    expect(row.status).toBe("succeeded");
    const events = await t.db.select().from(stripeEvents).where(sql`${stripeEvents.payload}->'data'->'object'->>'id' = ${start.sessionId}`);
    expect(events.map((e) => e.type)).toContain("checkout.session.completed");
    const mails = await t.db.select().from(emailOutbox).where(eq(emailOutbox.userId, m.id));
    expect(mails.map((x) => x.template)).toEqual(["top_up_received"]);
  });

  it("refuses top-ups outside the limits and writes nothing", async () => {
    const m = await member();
    for (const amount of [0, 499, 100_001]) {
      await expect(startTopUpCheckout(t.db, { user: m, amount, uiMode: "hosted", kind: "manual" })).rejects.toMatchObject({ code: "amount_out_of_range", param: "amount" });
    }
    expect(await t.db.select().from(walletTopUps).where(eq(walletTopUps.userId, m.id))).toHaveLength(0);
  });

  it("starts an embedded top-up with a client secret and no URL", async () => {
    const m = await member();
    const start = await startTopUpCheckout(t.db, { user: m, amount: 1500, uiMode: "embedded", kind: "manual" });
    expect(start.url).toBeNull();
    expect(start.clientSecret).toMatch(/^cs_test_.+_secret_/);
  });

  it("a declined card on the hosted page changes nothing", async () => {
    const m = await member();
    const start = await startTopUpCheckout(t.db, { user: m, amount: 2000, uiMode: "hosted", kind: "manual" });
    await expect(harness.control(`/_emu/checkout/sessions/${start.sessionId}/complete`, { card: "4000000000000002" })).rejects.toThrow();
    await harness.drain();
    expect((await walletBalance(t.db, m.id)).amount).toBe(0);
    const [row] = await t.db.select().from(walletTopUps).where(eq(walletTopUps.id, start.topUpId));
    expect(row.status).toBe("pending");
  });

  it("transfers between members with clear refusals", async () => {
    const a = await member("alice");
    const b = await member("bob");
    await topUp(a, 5000);
    await expect(transferToMember(t.db, { from: a, toEmail: a.email, amount: 100, description: "me", mode: "batch" })).rejects.toMatchObject({ code: "self_transfer", status: 422 });
    await expect(transferToMember(t.db, { from: a, toEmail: "nobody@plaza.test", amount: 100, description: "x", mode: "batch" })).rejects.toMatchObject({ code: "unknown_member", status: 422 });
    await expect(transferToMember(t.db, { from: a, toEmail: b.email, amount: 0, description: "x", mode: "batch" })).rejects.toMatchObject({ status: 422, param: "amount" });
    await expect(transferToMember(t.db, { from: a, toEmail: b.email, amount: 5001, description: "x", mode: "batch" })).rejects.toMatchObject({ code: "insufficient_funds", status: 402 });
    const ok = await transferToMember(t.db, { from: a, toEmail: b.email, amount: 1234, description: "Lunch", mode: "batch" });
    expect(ok.status).toBe("paid");
    expect((await walletBalance(t.db, a.id)).amount).toBe(3766);
    expect((await walletBalance(t.db, b.id)).amount).toBe(1234);
    const templates = (await t.db.select().from(emailOutbox).where(eq(emailOutbox.template, "transfer_received"))).map((x) => x.toEmail);
    expect(templates).toContain(b.email);
  });

  it("an interactive payment sends only the shortfall to Checkout and finishes the transfer when it is paid", async () => {
    const a = await member("short");
    const b = await member("payee");
    await topUp(a, 1000);
    const outcome = await transferToMember(t.db, { from: a, toEmail: b.email, amount: 2500, description: "Boat share", mode: "interactive", uiMode: "hosted" });
    expect(outcome.status).toBe("requires_checkout");
    if (outcome.status !== "requires_checkout") return;
    expect(outcome.shortfall).toBe(1500);
    expect((await walletBalance(t.db, b.id)).amount).toBe(0);
    await harness.control(`/_emu/checkout/sessions/${outcome.checkout.sessionId}/complete`, {});
    await harness.drain();
    expect((await walletBalance(t.db, a.id)).amount).toBe(0);
    expect((await walletBalance(t.db, b.id)).amount).toBe(2500);
    const [top] = await t.db.select().from(walletTopUps).where(eq(walletTopUps.id, outcome.checkout.topUpId));
    expect(top.callbackResult).toMatchObject({ status: "done" });
  });

  it("auto top-up: saving a card turns it on, a payment below the low limit triggers it by Cobalt's rule", async () => {
    const a = await member("auto");
    const b = await member("friend");
    const setup = await startAutoTopUpSetup(t.db, a, { amount: 2000, uiMode: "hosted" });
    expect((await getWalletSettings(t.db, a.id)).autoTopUpStatus).toBe("pending");
    await harness.control(`/_emu/checkout/sessions/${setup.sessionId}/complete`, {});
    await harness.drain();
    const on = await getWalletSettings(t.db, a.id);
    expect(on.autoTopUpStatus).toBe("on");
    expect(on.cardLabel).toMatch(/4242/);
    // Balance 0, pay 3500, low limit 1000: need 4500 -> three multiples of 2000 = 6000.
    const paid = await transferToMember(t.db, { from: a, toEmail: b.email, amount: 3500, description: "Regatta", mode: "batch" });
    expect(paid.status).toBe("paid");
    expect((await walletBalance(t.db, a.id)).amount).toBe(2500);
    const autos = await t.db.select().from(walletTopUps).where(eq(walletTopUps.userId, a.id));
    expect(autos.filter((x) => x.kind === "auto").map((x) => [x.amount, x.status])).toEqual([[6000, "succeeded"]]);
    await harness.drain(); // the payment_intent.succeeded webhook must not credit it again
    expect((await walletBalance(t.db, a.id)).amount).toBe(2500);
  });

  it("a declined auto top-up turns auto top-up off, emails the member and the payment fails cleanly", async () => {
    const a = await member("declined");
    const b = await member("other");
    const setup = await startAutoTopUpSetup(t.db, a, { amount: 2000, uiMode: "hosted" });
    // Saves fine, but every later charge is declined.
    await harness.control(`/_emu/checkout/sessions/${setup.sessionId}/complete`, { card: "4000000000000341" });
    await harness.drain();
    expect((await getWalletSettings(t.db, a.id)).autoTopUpStatus).toBe("on");
    await expect(transferToMember(t.db, { from: a, toEmail: b.email, amount: 700, description: "x", mode: "batch" })).rejects.toMatchObject({
      code: "insufficient_funds",
      message: expect.stringContaining("automatic top-up failed"),
    });
    expect((await getWalletSettings(t.db, a.id)).autoTopUpStatus).toBe("off");
    expect((await walletBalance(t.db, b.id)).amount).toBe(0);
    const mails = await t.db.select().from(emailOutbox).where(eq(emailOutbox.userId, a.id));
    expect(mails.map((m) => m.template)).toContain("auto_top_up_failed");
  });

  it("IOUs: raised by an organisation, paid from the wallet once, cancelled ones refused", async () => {
    const m = await member("iou");
    const admin = await member("admin");
    const [org] = await t.db.insert(organisations).values({ slug: `club-${n}-${driver}`, name: "Test Club", kind: "club" }).returning();
    const outsider = await member("outsider");
    // Only members: someone who is not one and an email nobody has get the same answer, and nothing is written.
    for (const email of [outsider.email, `nobody-${n}-${driver}@plaza.test`]) {
      await expect(raiseIou(t.db, { organisationId: org.id, email, amount: 100, description: "x", createdBy: admin.id })).rejects.toMatchObject({ code: "not_a_member", status: 422 });
      await expect(payMemberFromOrganisation(t.db, { organisationId: org.id, email, amount: 1, description: "x", actorUserId: admin.id, requestId: crypto.randomUUID() })).rejects.toMatchObject({ code: "not_a_member", status: 422 });
    }
    expect(await t.db.select().from(ious).where(eq(ious.organisationId, org.id))).toHaveLength(0);
    await t.db.insert(memberships).values({ organisationId: org.id, userId: m.id, role: "member" });
    await topUp(m, 3000);
    const iou = await raiseIou(t.db, { organisationId: org.id, email: m.email, amount: 1800, description: "Mooring fee", createdBy: admin.id });
    const paid = await payIou(t.db, m, iou.id, { mode: "batch" });
    expect(paid.status).toBe("paid");
    await expect(payIou(t.db, m, iou.id, { mode: "batch" })).rejects.toMatchObject({ code: "conflict" });
    expect((await walletBalance(t.db, m.id)).amount).toBe(1200);
    const [row] = await t.db.select().from(ious).where(eq(ious.id, iou.id));
    expect(row.status).toBe("paid");
    const second = await raiseIou(t.db, { organisationId: org.id, email: m.email, amount: 100, description: "Locker", createdBy: admin.id });
    await cancelIou(t.db, org.id, second.id);
    await expect(payIou(t.db, m, second.id, { mode: "batch" })).rejects.toBeInstanceOf(AppError);
    // The organisation now holds 1800 and can pay a member out of it, but not more.
    await expect(payMemberFromOrganisation(t.db, { organisationId: org.id, email: m.email, amount: 1801, description: "Prize", actorUserId: admin.id, requestId: crypto.randomUUID() })).rejects.toMatchObject({ code: "insufficient_funds" });
    const requestId = crypto.randomUUID();
    await payMemberFromOrganisation(t.db, { organisationId: org.id, email: m.email, amount: 800, description: "Prize", actorUserId: admin.id, requestId });
    await payMemberFromOrganisation(t.db, { organisationId: org.id, email: m.email, amount: 800, description: "Prize", actorUserId: admin.id, requestId });
    expect((await walletBalance(t.db, m.id)).amount).toBe(2000);
  });

  it("sends one low-balance warning when a payment crosses the threshold, none when opted out", async () => {
    const a = await member("low");
    const b = await member("sink");
    await topUp(a, 1500);
    await transferToMember(t.db, { from: a, toEmail: b.email, amount: 400, description: "x", mode: "batch" });
    await transferToMember(t.db, { from: a, toEmail: b.email, amount: 100, description: "x", mode: "batch" });
    await transferToMember(t.db, { from: a, toEmail: b.email, amount: 100, description: "x", mode: "batch" });
    const warned = await t.db.select().from(emailOutbox).where(sql`${emailOutbox.userId} = ${a.id} and ${emailOutbox.template} = 'low_balance'`);
    expect(warned).toHaveLength(1);
  });
});

describe("conformance of Plaza's own Stripe traffic", () => {
  it("every request Plaza sent, every response and every webhook matches the stripe SDK's types", async () => {
    const checker = createConformanceChecker();
    const failures: string[] = [];
    const log = await harness.requestLog();
    for (const r of log.filter((x) => x.path.startsWith("/v1/"))) {
      const req = checker.checkRequest(r.method, r.path, r.params);
      if (!req.ok) failures.push(`request ${r.method} ${r.path} (${req.type}): ${req.errors.join("; ")}`);
      if (r.status < 400) {
        const res = checker.checkResponse(r.path, r.body);
        if (!res.ok) failures.push(`response ${r.method} ${r.path} (${res.type}): ${res.errors.join("; ")}`);
      }
    }
    for (const raw of harness.received) {
      const ev = checker.checkEvent(JSON.parse(raw));
      if (!ev.ok) failures.push(`event (${ev.type}): ${ev.errors.join("; ")}`);
    }
    console.log(`[conformance] Plaza wallet traffic: ${JSON.stringify(checker.counts)}`);
    expect(failures).toEqual([]);
    expect(checker.counts.requests).toBeGreaterThan(20);
    expect(checker.counts.events).toBeGreaterThan(20);
  }, 120_000);
});
