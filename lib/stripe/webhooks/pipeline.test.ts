import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing";
import { openDatabase } from "@/db/client";
import { checkoutSessions, connectedAccounts, stripeEvents, users } from "@/db/schema";
import { ingestWebhook } from "./ingest";
import { processEventBatch, processNextEvent, processPendingEvents, replayEvent } from "./process";
import { z } from "zod";
import { purposeMetadata } from "@/lib/payments/metadata";
import { webhookApp } from "@/lib/webhook-app";
import { accountUpdatedEvent, checkoutSessionEvent, signed } from "./testing/events";

const secrets = { platform: "whsec_platform_test_secret", connect: "whsec_connect_test_secret" };
const drivers = await testDrivers();

describe.each(drivers)("webhook pipeline on %s", (driver) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
  });
  afterAll(async () => t?.close());
  beforeEach(async () => {
    await t.db.execute(sql`truncate stripe_events, checkout_sessions, connected_accounts`);
  });

  async function deliver(event: unknown, secret = secrets.platform) {
    const { payload, signature } = signed(event, secret);
    return ingestWebhook(t.db, payload, signature, secrets);
  }

  it("stores a verified event once and processes it into its table in one step", async () => {
    const event = checkoutSessionEvent("checkout.session.completed", { id: "cs_test_a" });
    const first = await deliver(event);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ received: true, duplicate: false, id: event.id });
    const dup = await deliver(event);
    expect(dup.status).toBe(200);
    expect(dup.body).toMatchObject({ duplicate: true });
    expect(await t.db.select().from(stripeEvents)).toHaveLength(1);

    expect(await processPendingEvents(t.db, webhookApp)).toBe(1);
    const [row] = await t.db.select().from(stripeEvents);
    expect(row.processedAt).toBeInstanceOf(Date);
    expect(row.attempts).toBe(1);
    const [session] = await t.db.select().from(checkoutSessions).where(eq(checkoutSessions.id, "cs_test_a"));
    expect(session).toMatchObject({ status: "complete", paymentStatus: "paid", amountTotal: 5000, paymentIntentId: "pi_test_1" });
    expect(await processPendingEvents(t.db, webhookApp)).toBe(0);
  });

  it("accepts events signed with the Connect secret and keeps their account", async () => {
    const event = accountUpdatedEvent({ id: "acct_connect1", charges_enabled: true });
    const result = await deliver(event, secrets.connect);
    expect(result.status).toBe(200);
    const [row] = await t.db.select().from(stripeEvents);
    expect(row.account).toBe("acct_connect1");
  });

  it("refuses a wrong secret, a stale timestamp and a tampered body, storing nothing", async () => {
    const event = checkoutSessionEvent("checkout.session.completed", { id: "cs_test_bad" });
    const wrong = signed(event, "whsec_someone_else");
    expect((await ingestWebhook(t.db, wrong.payload, wrong.signature, secrets)).status).toBe(400);
    const stale = signed(event, secrets.platform, Math.floor(Date.now() / 1000) - 301);
    expect((await ingestWebhook(t.db, stale.payload, stale.signature, secrets)).status).toBe(400);
    const good = signed(event, secrets.platform);
    const tampered = good.payload.replace('"amount_total": 5000', '"amount_total": 1');
    expect(tampered).not.toBe(good.payload);
    expect((await ingestWebhook(t.db, tampered, good.signature, secrets)).status).toBe(400);
    expect((await ingestWebhook(t.db, good.payload, null, secrets)).body).toMatchObject({ error: { code: "missing_signature" } });
    expect(await t.db.select().from(stripeEvents)).toHaveLength(0);
  });

  it("answers 400 invalid_json for a correctly signed body that is not JSON", async () => {
    const broken = signed("placeholder", secrets.platform);
    const { default: Stripe } = await import("stripe");
    const header = new Stripe("sk_test_x").webhooks.generateTestHeaderString({ payload: "{not json", secret: secrets.platform });
    expect(broken.signature).not.toBe(header);
    const result = await ingestWebhook(t.db, "{not json", header, secrets);
    expect(result).toMatchObject({ status: 400, body: { error: { code: "invalid_json" } } });
    expect(await t.db.select().from(stripeEvents)).toHaveLength(0);
  });

  it("acknowledges and marks processed an event type Plaza does not handle", async () => {
    const event = { ...checkoutSessionEvent("checkout.session.completed", {}), type: "invoice.paid" };
    expect((await deliver(event)).status).toBe(200);
    expect(await processNextEvent(t.db, webhookApp)).toEqual({ id: event.id, outcome: "ignored" });
    const [row] = await t.db.select().from(stripeEvents);
    expect(row.processedAt).not.toBeNull();
  });

  it("moves state forward only when events arrive out of order", async () => {
    const completed = checkoutSessionEvent("checkout.session.completed", { id: "cs_test_order" });
    const expired = checkoutSessionEvent("checkout.session.expired", { id: "cs_test_order" });
    await deliver(completed);
    await processPendingEvents(t.db, webhookApp);
    await deliver(expired);
    await processPendingEvents(t.db, webhookApp);
    const [session] = await t.db.select().from(checkoutSessions).where(eq(checkoutSessions.id, "cs_test_order"));
    expect(session.status).toBe("complete");

    const now = Math.floor(Date.now() / 1000);
    const newer = accountUpdatedEvent({ id: "acct_order", charges_enabled: true, payouts_enabled: true, details_submitted: true }, { created: now });
    const older = accountUpdatedEvent({ id: "acct_order", charges_enabled: false }, { created: now - 60 });
    await deliver(newer, secrets.connect);
    await deliver(older, secrets.connect);
    await processPendingEvents(t.db, webhookApp);
    const [account] = await t.db.select().from(connectedAccounts).where(eq(connectedAccounts.id, "acct_order"));
    expect(account.chargesEnabled).toBe(true);
  });

  it("records a handler failure, rolls its writes back, and succeeds on a later retry", async () => {
    // The session names a user that does not exist yet: the foreign key fails inside the handler.
    const event = checkoutSessionEvent("checkout.session.completed", { id: "cs_test_retry", metadata: purposeMetadata("top_up", z.object({ plaza_user_id: z.string() }), { plaza_user_id: "user-not-yet" }) });
    await deliver(event);
    expect(await processNextEvent(t.db, webhookApp)).toEqual({ id: event.id, outcome: "failed" });
    const [failed] = await t.db.select().from(stripeEvents);
    expect(failed.processedAt).toBeNull();
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toMatch(/foreign key|violates/i);
    expect(failed.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    expect(await t.db.select().from(checkoutSessions)).toHaveLength(0);
    // Not due yet: the worker leaves it alone.
    expect(await processNextEvent(t.db, webhookApp)).toBeNull();

    await t.db.insert(users).values({ id: "user-not-yet", email: `late-${driver}@plaza.test` });
    await t.db.update(stripeEvents).set({ nextAttemptAt: new Date(Date.now() - 1000) });
    expect(await processNextEvent(t.db, webhookApp)).toEqual({ id: event.id, outcome: "handled" });
    const [done] = await t.db.select().from(stripeEvents);
    expect(done).toMatchObject({ attempts: 2, lastError: null });
    expect(await t.db.select().from(checkoutSessions)).toHaveLength(1);
  });

  it("in one batch, rolls a failing event back alone and commits the others", async () => {
    const good = [checkoutSessionEvent("checkout.session.completed", { id: "cs_test_batch_a" }), checkoutSessionEvent("checkout.session.completed", { id: "cs_test_batch_c" })];
    const failing = checkoutSessionEvent("checkout.session.completed", { id: "cs_test_batch_b", metadata: purposeMetadata("top_up", z.object({ plaza_user_id: z.string() }), { plaza_user_id: "user-missing" }) });
    await deliver(good[0]);
    await deliver(failing);
    await deliver(good[1]);
    const batch = await processEventBatch(t.db, webhookApp);
    expect(batch?.attempted).toBe(3);
    expect(new Map(batch?.outcomes.map((o) => [o.id, o.outcome]))).toEqual(new Map([[good[0].id, "handled"], [failing.id, "failed"], [good[1].id, "handled"]]));
    const rows = new Map((await t.db.select().from(stripeEvents)).map((r) => [r.id, r]));
    for (const e of good) expect(rows.get(e.id)).toMatchObject({ attempts: 1, lastError: null, processedAt: expect.any(Date) });
    expect(rows.get(failing.id)).toMatchObject({ attempts: 1, processedAt: null, lastError: expect.stringMatching(/foreign key|violates/i) });
    expect(rows.get(failing.id)?.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    const sessions = (await t.db.select({ id: checkoutSessions.id }).from(checkoutSessions)).map((r) => r.id).sort();
    expect(sessions).toEqual(["cs_test_batch_a", "cs_test_batch_c"]);
    // Nothing else is due: the failed one waits for its retry time.
    expect(await processEventBatch(t.db, webhookApp)).toBeNull();
  });

  it("replays a processed event without changing the outcome", async () => {
    const event = checkoutSessionEvent("checkout.session.completed", { id: "cs_test_replay" });
    await deliver(event);
    await processPendingEvents(t.db, webhookApp);
    expect(await replayEvent(t.db, webhookApp, event.id)).toBe("handled");
    expect(await replayEvent(t.db, webhookApp, "evt_missing")).toBe("not_found");
    const [row] = await t.db.select().from(stripeEvents);
    expect(row.attempts).toBe(2);
    expect(await t.db.select().from(checkoutSessions)).toHaveLength(1);
  });
});

describe.runIf(drivers.includes("postgres"))("webhook inbox shared by several instances (postgres)", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase("postgres");
  });
  afterAll(async () => t?.close());

  async function deliver(event: unknown) {
    const { payload, signature } = signed(event, secrets.platform);
    return ingestWebhook(t.db, payload, signature, secrets);
  }

  it("two instances draining one inbox process every event exactly once", async () => {
    const events = Array.from({ length: 60 }, (_, i) => checkoutSessionEvent("checkout.session.completed", { id: `cs_test_multi_${i}` }));
    for (const e of events) await deliver(e);
    const a = await openDatabase({ url: t.url, poolSize: 4 });
    const b = await openDatabase({ url: t.url, poolSize: 4 });
    try {
      const [na, nb] = await Promise.all([processPendingEvents(a.db, webhookApp), processPendingEvents(b.db, webhookApp)]);
      expect(na + nb).toBe(60);
    } finally {
      await a.close();
      await b.close();
    }
    const rows = await t.db.select({ attempts: stripeEvents.attempts, processedAt: stripeEvents.processedAt }).from(stripeEvents);
    expect(rows).toHaveLength(60);
    expect(rows.every((r) => r.attempts === 1 && r.processedAt)).toBe(true);
    expect(await t.db.select().from(checkoutSessions)).toHaveLength(60);
  });
});
