/**
 * Property tests of every JSON endpoint (DESIGN.md section 6): random bodies, headers and query strings sent
 * as a signed-in member straight to the route handlers, on a fresh database with the Stripe emulator. Whatever
 * arrives: no 5xx, every error has the error shape, and a request that failed wrote no row.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import fc from "fast-check";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing";
import { organisations, memberships } from "@/db/schema";
import { createUser } from "@/lib/auth/users";
import { AppError } from "@/lib/errors";
import { startStripeHarness, type StripeHarness } from "@/lib/wallet/testing/harness";
import { checkoutSessionEvent, signed } from "@/lib/stripe/webhooks/testing/events";
import { CaseTally, expectContractAnswer, rowCounts } from "./testing/endpoint-harness";
import { nastyBody, nastyHeaders, nastyQuery, nastyString, nastyValue, plausibleBody } from "./testing/arbitraries";
import { postTransaction } from "@/lib/ledger/post";
import { memberWalletAccount, stripeClearingAccount } from "@/lib/wallet/accounts";

// Sized for a 2-core machine shared with others; each case is one real request against the database.
const CASES = Number(process.env.PROPERTY_CASES ?? 150);

const state = vi.hoisted(() => ({
  db: undefined as TestDatabase | undefined,
  user: undefined as { id: string; email: string; name: string | null; platformAdmin: boolean; organisations: { id: string; slug: string; name: string; role: "owner" }[] } | undefined,
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

// The session is the one thing not under test: a signed-in member who owns one organisation.
vi.mock("@/lib/auth", () => ({
  requireUser: async () => {
    if (!state.user) throw new AppError("unauthenticated", "Sign in to continue.");
    return state.user;
  },
  requireOrgRole: async (slug: string) => {
    const org = state.user?.organisations.find((o) => o.slug === slug);
    if (!state.user || !org) throw new AppError("not_found", "No such organisation.");
    return { user: state.user, organisation: { ...org, kind: "club", currency: "usd", createdAt: new Date() }, role: org.role };
  },
}));

const wallet = await import("./wallet/route");
const topUps = await import("./wallet/top-ups/route");
const transfers = await import("./wallet/transfers/route");
const statement = await import("./wallet/statement/route");
const statementCsv = await import("./wallet/statement.csv/route");
const statementPdf = await import("./wallet/statement.pdf/route");
const health = await import("./health/route");
const webhook = await import("./webhooks/stripe/route");
const orgStatementCsv = await import("@/app/orgs/[slug]/statement.csv/route");

const [driver] = await testDrivers();
const tally = new CaseTally();
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
    await createUser(state.db.db, { email: "recipient@plaza.test", name: "Recipient", password: "a-long-enough-password" });
    const [org] = await state.db.db.insert(organisations).values({ slug: "prop-club", name: "Prop Club", kind: "club" }).returning();
    await state.db.db.insert(memberships).values({ organisationId: org.id, userId: sender.id, role: "owner" });
    // Money to send, so that some generated transfers succeed (and the successes are checked too).
    const [clearing, senderWallet] = await Promise.all([stripeClearingAccount(state.db.db), memberWalletAccount(state.db.db, sender.id)]);
    await postTransaction(state.db.db, {
      type: "manual_top_up",
      description: "Property test funds",
      idempotencyKey: "property-test-funds",
      entries: [
        { accountId: clearing.id, amount: -5_000_000 },
        { accountId: senderWallet.id, amount: 5_000_000 },
      ],
    });
    state.user = { id: sender.id, email: sender.email, name: sender.name, platformAdmin: false, organisations: [{ id: org.id, slug: org.slug, name: org.name, role: "owner" }] };
  });

  afterAll(async () => {
    console.log(`[property tests] cases per endpoint:\n${tally.report()}`);
    await state.db?.close();
    await stripeHarness?.close();
  });

  /** Sends each generated request and checks the contract; failed requests must leave every table as it was. */
  async function check(endpoint: string, arbitrary: fc.Arbitrary<Request>, handler: (r: Request) => Promise<Response>) {
    const db = state.db;
    if (!db) throw new Error("no test database");
    await fc.assert(
      fc.asyncProperty(arbitrary, async (req) => {
        const before = await rowCounts(db.db);
        const label = `${endpoint} ${req.url}`;
        const response = await handler(req);
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

  it("GET /orgs/{slug}/statement.csv", async () => {
    const arbitrary = fc.tuple(get("/orgs/x/statement.csv", ["from", "to"]), fc.constantFrom("prop-club", "other-club", "", "%00", "\u0000"));
    const db = state.db;
    if (!db) throw new Error("no test database");
    await fc.assert(
      fc.asyncProperty(arbitrary, async ([req, slug]) => {
        const before = await rowCounts(db.db);
        const response = await orgStatementCsv.GET(req, { params: Promise.resolve({ slug }) });
        tally.record("GET /orgs/{slug}/statement.csv", response.status);
        await expectContractAnswer(response, `${slug} ${req.url}`);
        if (response.status >= 400) expect(await rowCounts(db.db)).toEqual(before);
        else await response.arrayBuffer();
      }),
      { numRuns: CASES },
    );
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
