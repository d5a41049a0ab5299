/**
 * Property tests of every JSON endpoint (the error contract in README.md): random bodies, headers, query strings and path
 * parameters sent as a signed-in member straight to the route handlers, on a fresh database with the Stripe
 * emulator. Only the session cookie is stubbed (Auth.js's `auth()`); roles and memberships are the real guards
 * reading the database. Whatever arrives: no 5xx, every error has the error shape, and a request that failed
 * wrote no row.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import fc from "fast-check";
import { eq } from "drizzle-orm";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing";
import { organisations, memberships } from "@/db/schema";
import { createUser } from "@/lib/auth/users";
import { startStripeHarness, type StripeHarness } from "@/lib/wallet/testing/harness";
import { checkoutSessionEvent, signed } from "@/lib/stripe/webhooks/testing/events";
import { CaseTally, expectContractAnswer, rowCounts } from "./testing/endpoint-harness";
import { nastyBody, nastyHeaders, nastyQuery, nastyString, nastyValue, plausibleBody } from "./testing/arbitraries";
import { postTransaction } from "@/lib/ledger/post";
import { memberWalletAccount, organisationAccount, stripeClearingAccount } from "@/lib/wallet/accounts";

// Sized for a 2-core machine shared with others; each case is one real request against the database.
const CASES = Number(process.env.PROPERTY_CASES ?? 150);

const state = vi.hoisted(() => ({
  db: undefined as TestDatabase | undefined,
  userId: undefined as string | undefined,
}));

vi.mock("@/db/client", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/db/client")>();
  return {
    ...original,
    getDatabaseDriver: async () => "postgres",
    getDb: async () => {
      if (!state.db) throw new Error("no test database");
      return state.db.db;
    },
  };
});

// The session cookie is the one thing not under test: Auth.js says who is signed in, the guards do the rest.
vi.mock("@/lib/auth/config", () => ({
  auth: async () => (state.userId ? { user: { id: state.userId } } : null),
  handlers: {},
  signIn: async () => undefined,
  signOut: async () => undefined,
}));

const wallet = await import("@/app/api/wallet/route");
const topUps = await import("@/app/api/wallet/top-ups/route");
const transfers = await import("@/app/api/wallet/transfers/route");
const statement = await import("@/app/api/wallet/statement/route");
const statementCsv = await import("@/app/api/wallet/statement.csv/route");
const statementPdf = await import("@/app/api/wallet/statement.pdf/route");
const health = await import("@/app/api/health/route");
const webhook = await import("@/app/api/webhooks/stripe/route");
const orgStatementCsv = await import("@/app/orgs/[slug]/statement.csv/route");
const orgs = await import("@/app/api/orgs/route");
const orgMembers = await import("@/app/api/orgs/[slug]/members/route");
const orgMember = await import("@/app/api/orgs/[slug]/members/[userId]/route");
const orgIous = await import("@/app/api/orgs/[slug]/ious/route");
const orgPayments = await import("@/app/api/orgs/[slug]/payments/route");
const orgConnect = await import("@/app/api/orgs/[slug]/connect/route");
const orgBalance = await import("@/app/api/orgs/[slug]/balance/route");
const orgPayouts = await import("@/app/api/orgs/[slug]/payouts/route");

const [driver] = await testDrivers();
const tally = new CaseTally();
const userIds: string[] = [];
let orgAccount = 0;
let clubId = "";

/** The caller owns prop-club and the recipient is a member: each organisation test starts from this. */
async function resetMemberships() {
  const db = state.db?.db;
  if (!db) throw new Error("no test database");
  await db.delete(memberships).where(eq(memberships.organisationId, clubId));
  await db.insert(memberships).values([
    { organisationId: clubId, userId: userIds[0], role: "owner" },
    { organisationId: clubId, userId: userIds[1], role: "member" },
  ]);
}
const BASE = "http://localhost:3000";

function request(path: string, init: { method: string; headers: Record<string, string>; body?: string }): Request {
  return new Request(`${BASE}${path}`, { method: init.method, headers: init.headers, body: init.body });
}

describe(`every JSON endpoint under random input (${driver})`, () => {
  let stripeHarness: StripeHarness;

  beforeAll(async () => {
    stripeHarness = await startStripeHarness();
    process.env.STRIPE_CONNECT_WEBHOOK_SECRET = process.env.STRIPE_WEBHOOK_SECRET;
    state.db = await createTestDatabase(driver);
    stripeHarness.useDatabase(state.db.db);
    const sender = await createUser(state.db.db, { email: "sender@plaza.test", name: "Sender", password: "a-long-enough-password" });
    const recipient = await createUser(state.db.db, { email: "recipient@plaza.test", name: "Recipient", password: "a-long-enough-password" });
    const [org] = await state.db.db.insert(organisations).values({ slug: "prop-club", name: "Prop Club", kind: "club" }).returning();
    clubId = org.id;
    userIds.push(sender.id, recipient.id);
    await resetMemberships();
    orgAccount = (await organisationAccount(state.db.db, org.id)).id;
    // Money to send, so that some generated transfers succeed (and the successes are checked too).
    const [clearing, senderWallet] = await Promise.all([stripeClearingAccount(state.db.db), memberWalletAccount(state.db.db, sender.id)]);
    await postTransaction(state.db.db, {
      type: "manual_top_up",
      description: "Property test funds",
      idempotencyKey: "property-test-funds",
      entries: [
        { accountId: clearing.id, amount: -10_000_000 },
        { accountId: senderWallet.id, amount: 5_000_000 },
        { accountId: orgAccount, amount: 5_000_000 },
      ],
    });
    state.userId = sender.id;
  });

  afterAll(async () => {
    console.log(`[property tests] cases per endpoint:\n${tally.report()}`);
    await state.db?.close();
    await stripeHarness?.close();
  });

  /** Sends each generated request and checks the contract; failed requests must leave every table as it was. */
  async function check<P = undefined>(endpoint: string, arbitrary: fc.Arbitrary<Request>, handler: (r: Request, p: P) => Promise<Response>, params: fc.Arbitrary<P> = fc.constant(undefined as P)) {
    const db = state.db;
    if (!db) throw new Error("no test database");
    await fc.assert(
      fc.asyncProperty(arbitrary, params, async (req, p) => {
        const before = await rowCounts(db.db);
        const label = `${endpoint} ${req.url} ${JSON.stringify(p)}`;
        const response = await handler(req, p);
        tally.record(endpoint, response.status);
        await expectContractAnswer(response, label);
        if (response.status >= 400) expect(await rowCounts(db.db), `${label}: a failed request wrote rows`).toEqual(before);
        else await response.arrayBuffer();
      }),
      { numRuns: CASES },
    );
    expect(tally.total(endpoint)).toBeGreaterThanOrEqual(CASES);
  }

  const get = (path: string, keys: string[]) =>
    fc.tuple(nastyQuery(keys), nastyHeaders).map(([q, headers]) => request(`${path}${q ? `?${q}` : ""}`, { method: "GET", headers }));
  // Half the bodies are near-valid (each field valid or hostile), so the deeper paths are reached too.
  const post = (path: string, fields: Record<string, fc.Arbitrary<unknown>>) =>
    fc
      .tuple(fc.oneof(nastyBody(Object.keys(fields)), plausibleBody(fields)), nastyHeaders, nastyQuery(["uiMode"]))
      .map(([body, headers, q]) => request(`${path}${q ? `?${q}` : ""}`, { method: "POST", headers, body }));

  it("POST /api/wallet/transfers", async () => {
    await check("POST /api/wallet/transfers", post("/api/wallet/transfers", {
        toEmail: fc.constantFrom("recipient@plaza.test", " Recipient@Plaza.test", "sender@plaza.test", "nobody@plaza.test"),
        amount: fc.oneof(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom(10_000_000, Number.MAX_SAFE_INTEGER)),
        description: fc.oneof(fc.string({ maxLength: 40 }), nastyString),
      }), (r) => transfers.POST(r, undefined));
  });

  it("POST /api/wallet/top-ups", async () => {
    await check("POST /api/wallet/top-ups", post("/api/wallet/top-ups", {
        amount: fc.oneof(fc.integer({ min: 400, max: 100_100 }), nastyValue),
        uiMode: fc.oneof(fc.constantFrom("hosted", "embedded"), nastyValue),
      }), (r) => topUps.POST(r, undefined));
  });

  it("GET /api/wallet", async () => {
    await check("GET /api/wallet", get("/api/wallet", ["x"]), (r) => wallet.GET(r, undefined));
  });

  it("GET /api/wallet/statement", async () => {
    await check("GET /api/wallet/statement", get("/api/wallet/statement", ["from", "to", "cursor", "limit"]), (r) => statement.GET(r, undefined));
  });

  it("GET /api/wallet/statement.csv", async () => {
    await check("GET /api/wallet/statement.csv", get("/api/wallet/statement.csv", ["from", "to"]), (r) => statementCsv.GET(r, undefined));
  });

  it("GET /api/wallet/statement.pdf", async () => {
    await check("GET /api/wallet/statement.pdf", get("/api/wallet/statement.pdf", ["from", "to"]), (r) => statementPdf.GET(r, undefined));
  });

  // Mostly the caller's own organisation, so the deeper paths are reached; the rest are hostile slugs.
  const slug = fc.oneof({ weight: 3, arbitrary: fc.constant("prop-club") }, { weight: 1, arbitrary: fc.constantFrom("other-club", "", "%00", "\u0000", "x".repeat(300), "\ud800") });
  const member = () => fc.oneof(fc.constantFrom(...userIds), nastyString);

  it("GET /orgs/{slug}/statement.csv", async () => {
    await resetMemberships();
    await check("GET /orgs/{slug}/statement.csv", get("/orgs/x/statement.csv", ["from", "to"]), (r, s) => orgStatementCsv.GET(r, { params: Promise.resolve({ slug: s }) }), slug);
  });

  it("POST /api/orgs", async () => {
    const names = fc.oneof(fc.string({ minLength: 2, maxLength: 30 }), nastyString);
    await check("POST /api/orgs", post("/api/orgs", { name: names, slug: fc.oneof(fc.stringMatching(/^[a-z0-9]{3,12}$/), nastyString), kind: fc.constantFrom("club", "organiser", "instructor", "shop") }), (r) => orgs.POST(r, undefined));
  });

  it("POST /api/orgs/{slug}/members", async () => {
    await resetMemberships();
    const emails = fc.oneof(fc.constantFrom("recipient@plaza.test", "new-person@plaza.test"), fc.emailAddress(), nastyString);
    await check("POST /api/orgs/{slug}/members", post("/api/orgs/x/members", { email: emails, role: fc.constantFrom("owner", "admin", "staff", "member", "king") }), (r, s) => orgMembers.POST(r, { params: Promise.resolve({ slug: s }) }), slug);
  });

  it("PATCH /api/orgs/{slug}/members/{userId}", async () => {
    await resetMemberships();
    const params = fc.record({ slug, userId: member() });
    await check("PATCH /api/orgs/{slug}/members/{userId}", post("/api/orgs/x/members/y", { role: fc.constantFrom("owner", "admin", "staff", "member", "king") }), (r, p) => orgMember.PATCH(r, { params: Promise.resolve(p) }), params);
  });

  it("DELETE /api/orgs/{slug}/members/{userId}", async () => {
    await resetMemberships();
    // Never the other member's real id (removing them would end every later org case): the owner (last owner:
    // refused) and hostile ids.
    const ids = fc.record({ slug, userId: fc.oneof(fc.constant(userIds[0]), nastyString) });
    await check("DELETE /api/orgs/{slug}/members/{userId}", get("/api/orgs/x/members/y", ["x"]).map((r) => new Request(r.url, { method: "DELETE", headers: r.headers })), (r, p) => orgMember.DELETE(r, { params: Promise.resolve(p) }), ids);
  });

  it("POST /api/orgs/{slug}/ious", async () => {
    await resetMemberships();
    await check("POST /api/orgs/{slug}/ious", post("/api/orgs/x/ious", { email: fc.constantFrom("recipient@plaza.test", "nobody@plaza.test"), amount: fc.integer({ min: 1, max: 10_000 }), description: fc.oneof(fc.string({ maxLength: 40 }), nastyString) }), (r, s) => orgIous.POST(r, { params: Promise.resolve({ slug: s }) }), slug);
  });

  it("POST /api/orgs/{slug}/payments", async () => {
    await resetMemberships();
    const body = { email: fc.constantFrom("recipient@plaza.test", "nobody@plaza.test"), amount: fc.integer({ min: 1, max: 10_000 }), description: fc.oneof(fc.string({ maxLength: 40 }), nastyString), requestId: fc.oneof(fc.uuid(), nastyString) };
    await check("POST /api/orgs/{slug}/payments", post("/api/orgs/x/payments", body), (r, s) => orgPayments.POST(r, { params: Promise.resolve({ slug: s }) }), slug);
  });

  it("GET /api/orgs/{slug}/connect, /balance, /payouts", async () => {
    await resetMemberships();
    await check("GET /api/orgs/{slug}/connect", get("/api/orgs/x/connect", ["x"]), (r, s) => orgConnect.GET(r, { params: Promise.resolve({ slug: s }) }), slug);
    await check("GET /api/orgs/{slug}/balance", get("/api/orgs/x/balance", ["x"]), (r, s) => orgBalance.GET(r, { params: Promise.resolve({ slug: s }) }), slug);
    await check("GET /api/orgs/{slug}/payouts", get("/api/orgs/x/payouts", ["x"]), (r, s) => orgPayouts.GET(r, { params: Promise.resolve({ slug: s }) }), slug);
  });

  it("POST and DELETE /api/orgs/{slug}/connect", async () => {
    await resetMemberships();
    await check("POST /api/orgs/{slug}/connect", post("/api/orgs/x/connect", { kind: fc.constantFrom("standard", "express", "custom", "paypal") }), (r, s) => orgConnect.POST(r, { params: Promise.resolve({ slug: s }) }), slug);
    await check("DELETE /api/orgs/{slug}/connect", get("/api/orgs/x/connect", ["x"]).map((r) => new Request(r.url, { method: "DELETE", headers: r.headers })), (r, s) => orgConnect.DELETE(r, { params: Promise.resolve({ slug: s }) }), slug);
  });

  it("GET /api/health", async () => {
    await check("GET /api/health", get("/api/health", ["x"]), () => health.GET());
  });

  it("POST /api/webhooks/stripe: random and signed-but-wrong bodies are refused and stored nowhere", async () => {
    const secret = process.env.STRIPE_WEBHOOK_SECRET ?? "";
    const signedNonsense = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.record({ id: fc.oneof(fc.string(), fc.integer()), type: fc.oneof(fc.string(), fc.constant(null)), data: fc.jsonValue({ maxDepth: 1 }) }));
    const arbitrary = fc.oneof(
      fc.tuple(nastyBody(["id", "type", "data"]), nastyHeaders).map(([body, headers]) => request("/api/webhooks/stripe", { method: "POST", headers, body })),
      signedNonsense.map((event) => {
        const { payload, signature } = signed(event, secret);
        return request("/api/webhooks/stripe", { method: "POST", headers: { "stripe-signature": signature }, body: payload });
      }),
    );
    await check("POST /api/webhooks/stripe", arbitrary, (r) => webhook.POST(r));
    // A real event still goes through the same handler.
    const { payload, signature } = signed(checkoutSessionEvent("checkout.session.completed", { id: "cs_prop" }), secret);
    const ok = await webhook.POST(request("/api/webhooks/stripe", { method: "POST", headers: { "stripe-signature": signature }, body: payload }));
    expect(ok.status).toBe(200);
  });
});
