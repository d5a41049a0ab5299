/**
 * `npm run bench:webhooks`: signed Stripe events per second into the inbox, through Plaza's server (`npm start`:
 * Next.js behind the direct webhook path), through a plain Next route handler (`next start`), and through a
 * bare node:http handler doing the same verify-and-insert on the same database, and through the dedicated
 * ingest process (`npm run ingest`), all in one run; then events
 * per second processed end to end into the ledger (checkout.session.completed for pending wallet top-ups).
 * Prints JSON. Needs a production build (`npm run build`; built here when missing) and the local Postgres.
 */
import type { ChildProcess } from "node:child_process";
import { Agent, request } from "node:http";
import Stripe from "stripe";
import { sql } from "drizzle-orm";
import { bar } from "./bars";
import { ensureProductionBuild, freePort, start, stop } from "./procs";
import { openDatabase } from "@/db/client";
import { createPostgresDatabase } from "@/db/testing";
import { users, walletTopUps } from "@/db/schema";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";

const SECRET = "whsec_bench_secret_0123456789";
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const FAST_EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const NEXT_EVENTS = Number(process.env.BENCH_NEXT_EVENTS ?? 3_000);
const E2E_EVENTS = Number(process.env.BENCH_E2E_EVENTS ?? 3_000);
const sdk = new Stripe("sk_test_bench");

function event(id: string, object: Record<string, unknown>) {
  return {
    id,
    object: "event",
    api_version: Stripe.API_VERSION,
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: "checkout.session.completed",
    data: { object: { object: "checkout.session", mode: "payment", status: "complete", payment_status: "paid", amount_total: 1000, currency: "usd", payment_intent: `pi_${id}`, setup_intent: null, customer: null, client_reference_id: null, ...object } },
  };
}

/** Pre-signed bodies, so that signing is not part of what is measured. */
function signedBatch(prefix: string, n: number, objectFor: (i: number) => Record<string, unknown> = (i) => ({ id: `cs_${prefix}_${i}`, metadata: {} })) {
  return Array.from({ length: n }, (_, i) => {
    const payload = JSON.stringify(event(`evt_${prefix}_${i}`, objectFor(i)), null, 2);
    return { payload, signature: sdk.webhooks.generateTestHeaderString({ payload, secret: SECRET }) };
  });
}

async function fire(port: number, path: string, batch: { payload: string; signature: string }[]): Promise<{ perSecond: number; seconds: number; failures: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let next = 0;
  let failures = 0;
  const send = (b: { payload: string; signature: string }) =>
    new Promise<void>((resolve) => {
      const req = request({ host: "127.0.0.1", port, path, method: "POST", agent, headers: { "Content-Type": "application/json", "Stripe-Signature": b.signature, "Content-Length": Buffer.byteLength(b.payload) } }, (res) => {
        if (res.statusCode !== 200) failures++;
        res.resume();
        res.on("end", resolve);
      });
      req.on("error", () => {
        failures++;
        resolve();
      });
      req.end(b.payload);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < batch.length) await send(batch[next++]);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { perSecond: Math.round(batch.length / seconds), seconds: Number(seconds.toFixed(2)), failures };
}

async function waitForHttp(port: number, path: string, child: ChildProcess) {
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`server on ${port} exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}${path}`).then((r) => r.status < 500, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server on ${port} did not start`);
}



ensureProductionBuild((m) => console.error(`[bench] ${m}`));

const database = await createPostgresDatabase(`${process.env.BENCH_DB_PREFIX ?? "plaza_bench"}_webhooks`);
const handle = await openDatabase({ url: database.url });
await handle.migrate();
const db = handle.db;
const children: ChildProcess[] = [];
const appEnv = async (port: number, worker: "on" | "off") => ({
  DATABASE_URL: database.url,
  PORT: String(port),
  HOST: "127.0.0.1",
  NODE_ENV: "production",
  STRIPE_WEBHOOK_SECRET: SECRET,
  STRIPE_CONNECT_WEBHOOK_SECRET: SECRET,
  WEBHOOK_WORKER: worker,
  STRIPE_EMULATOR_PORT: String(await freePort()),
});

try {
  const results: Record<string, unknown> = { machine: { cpus: (await import("node:os")).cpus().length, loadavg: (await import("node:os")).loadavg().map((x) => Number(x.toFixed(2))) }, concurrency: CONCURRENCY };

  // 1. Bare node:http: the ceiling.
  const barePort = await freePort();
  const bare = start("node_modules/.bin/tsx", ["scripts/bench/bare-webhook-server.ts"], { BENCH_DATABASE_URL: database.url, BENCH_WEBHOOK_SECRET: SECRET, BENCH_PORT: String(barePort) });
  children.push(bare);
  await waitForHttp(barePort, "/", bare);
  await fire(barePort, "/", signedBatch("warm_bare", 500));
  const bareResult = await fire(barePort, "/", signedBatch("bare", FAST_EVENTS));
  stop(bare);

  // 2. Plaza's server, ingest only (as a dedicated ingest instance would run).
  const plazaPort = await freePort();
  const plaza = start("node_modules/.bin/tsx", ["--conditions=react-server", "scripts/server.ts", "start"], await appEnv(plazaPort, "off"));
  children.push(plaza);
  await waitForHttp(plazaPort, "/api/health", plaza);
  await fire(plazaPort, "/api/webhooks/stripe", signedBatch("warm_plaza", 500));
  const plazaResult = await fire(plazaPort, "/api/webhooks/stripe", signedBatch("plaza", FAST_EVENTS));
  stop(plaza);

  // 2b. The dedicated ingest process (`npm run ingest`: the same entry on node:http, no Next in the process).
  const ingestPort = await freePort();
  const ingestProc = start("node_modules/.bin/tsx", ["--conditions=react-server", "scripts/ingest.ts"], { ...(await appEnv(ingestPort, "off")), WEBHOOK_INGEST_PORT: String(ingestPort) });
  children.push(ingestProc);
  await waitForHttp(ingestPort, "/api/health", ingestProc);
  await fire(ingestPort, "/api/webhooks/stripe", signedBatch("warm_ingest", 500));
  const ingestResult = await fire(ingestPort, "/api/webhooks/stripe", signedBatch("ingest", FAST_EVENTS));
  stop(ingestProc);

  // 3. The same route as a plain Next route handler (next start), for comparison.
  const nextPort = await freePort();
  const nextServer = start("node_modules/.bin/next", ["start", "-p", String(nextPort), "-H", "127.0.0.1"], await appEnv(nextPort, "off"));
  children.push(nextServer);
  await waitForHttp(nextPort, "/api/health", nextServer);
  await fire(nextPort, "/api/webhooks/stripe", signedBatch("warm_next", 200));
  const nextResult = await fire(nextPort, "/api/webhooks/stripe", signedBatch("next", NEXT_EVENTS));
  stop(nextServer);

  const stored = await db.execute(sql`select count(*)::int as n from stripe_events`);
  results.ingest = {
    bareNodeHttp: bareResult,
    plazaServer: plazaResult,
    nextRouteHandler: nextResult,
    ingestProcess: ingestResult,
    plazaVsBare: Number((plazaResult.perSecond / bareResult.perSecond).toFixed(3)),
    ingestProcessVsBare: Number((ingestResult.perSecond / bareResult.perSecond).toFixed(3)),
    nextRouteVsBare: Number((nextResult.perSecond / bareResult.perSecond).toFixed(3)),
    rowsStored: stored.rows[0]?.n,
  };

  // 4. End to end: events for pending wallet top-ups, ingested and processed into the ledger by the worker.
  await db.execute(sql`update stripe_events set processed_at = now()`);
  const people = await db.insert(users).values(Array.from({ length: 50 }, (_, i) => ({ email: `bench-${i}@plaza.test` }))).returning({ id: users.id });
  const topUps = await db
    .insert(walletTopUps)
    .values(Array.from({ length: E2E_EVENTS }, (_, i) => ({ userId: people[i % people.length].id, kind: "manual" as const, amount: 1000, currency: "usd" })))
    .returning({ id: walletTopUps.id, userId: walletTopUps.userId });
  const e2eBatch = signedBatch("e2e", E2E_EVENTS, (i) => ({ id: `cs_e2e_${i}`, metadata: { plaza_purpose: "wallet_top_up", plaza_user_id: topUps[i].userId, plaza_top_up_id: topUps[i].id } }));
  const e2ePort = await freePort();
  const e2e = start("node_modules/.bin/tsx", ["--conditions=react-server", "scripts/server.ts", "start"], await appEnv(e2ePort, "on"));
  children.push(e2e);
  await waitForHttp(e2ePort, "/api/health", e2e);
  const started = performance.now();
  const ingest = await fire(e2ePort, "/api/webhooks/stripe", e2eBatch);
  let processed = 0;
  for (let i = 0; i < 600; i++) {
    const r = await db.execute(sql`select count(*)::int as n from stripe_events where id like 'evt_e2e_%' and processed_at is not null`);
    processed = Number(r.rows[0]?.n);
    if (processed >= E2E_EVENTS) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const seconds = (performance.now() - started) / 1000;
  stop(e2e);
  const credited = await db.execute(sql`select count(*)::int as n from ledger_transactions where type = 'manual_top_up'`);
  await checkLedgerInvariants(db);
  results.endToEnd = {
    events: E2E_EVENTS,
    ingest,
    processed,
    ledgerTopUpsPosted: credited.rows[0]?.n,
    seconds: Number(seconds.toFixed(2)),
    processedPerSecond: Math.round(processed / seconds),
    ledgerInvariants: "ok",
    processedVsIngest: Number((processed / seconds / plazaResult.perSecond).toFixed(3)),
  };
  const ratio = (a: number, b: number) => Number((a / b).toFixed(3));
  const bestIngest = Math.max(plazaResult.perSecond, ingestResult.perSecond);
  results.bars = [
    bar("signed webhook ingest vs bare node:http (npm start)", ratio(plazaResult.perSecond, bareResult.perSecond), ">=", 0.8),
    bar("signed webhook ingest vs bare node:http (npm run ingest)", ratio(ingestResult.perSecond, bareResult.perSecond), ">=", 0.8),
    bar("events processed into the ledger vs ingest (npm start)", ratio(processed / seconds, plazaResult.perSecond), ">=", 0.5),
    bar("events processed exactly once (ledger top-ups posted / events)", ratio(Number(credited.rows[0]?.n), E2E_EVENTS), "==", 1),
  ];
  results.bestIngestPerSecond = bestIngest;
  console.log(JSON.stringify(results, null, 2));
} finally {
  for (const c of children) stop(c);
  await handle.close();
  await database.drop();
}
