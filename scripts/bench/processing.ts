/**
 * `npm run bench:processing`: webhook events processed into the ledger, in process (no HTTP), per event
 * (processNextEvent in the worker's parallel loops, the path before batching) against the batched worker path
 * (processEventBatches), on the same database in the same run, with the SQL statements each path sends per
 * event. For profiling: `BENCH_PROCESSING_PATH=batched node --cpu-prof --conditions=react-server --import tsx
 * scripts/bench/processing.ts`. Env: BENCH_PROCESSING_EVENTS (per path, default 2000), BENCH_DB_PREFIX.
 * Prints JSON.
 */
import { readFileSync } from "node:fs";
import pg from "pg";
import { sql } from "drizzle-orm";
import Stripe from "stripe";
import { openDatabase, type Database } from "@/db/client";
import { createPostgresDatabase } from "@/db/testing";
import { stripeEvents, users, walletTopUps } from "@/db/schema";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { processEventBatches, processPendingEventsOneByOne } from "@/lib/stripe/webhooks/process";
import { WORKER_POOL_SIZE, workerLoops } from "@/lib/stripe/webhooks/worker";
import { webhookApp } from "@/lib/webhook-app";

const EVENTS = Number(process.env.BENCH_PROCESSING_EVENTS ?? 2_000);
const ONLY = process.env.BENCH_PROCESSING_PATH; // "perEvent" | "batched" | unset (both)
const log = (msg: string) => process.stderr.write(`[bench:processing] ${msg}\n`);
const loadAverage = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

// Counts every statement sent by node-postgres clients in this process (BEGIN/SAVEPOINT/COMMIT included).
// With BENCH_PROCESSING_TRACE=1, also the time each statement text took (client side), slowest total first.
let statements = 0;
const TRACE = process.env.BENCH_PROCESSING_TRACE === "1";
const traced = new Map<string, { n: number; ms: number }>();
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++;
  const result = (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
  if (TRACE && result instanceof Promise) {
    const first = args[0];
    const text = (typeof first === "string" ? first : typeof first === "object" && first && "text" in first ? String(first.text) : "?").replace(/\s+/g, " ").slice(0, 120);
    const started = performance.now();
    void result.then(
      () => {
        const t = traced.get(text) ?? { n: 0, ms: 0 };
        t.n++;
        t.ms += performance.now() - started;
        traced.set(text, t);
      },
      () => undefined,
    );
  }
  return result;
} as typeof pg.Client.prototype.query;

function eventFor(id: string, userId: string, topUpId: string): Stripe.Event {
  const session = {
    id: `cs_${id}`,
    object: "checkout.session",
    mode: "payment",
    status: "complete",
    payment_status: "paid",
    amount_total: 1000,
    currency: "usd",
    payment_intent: `pi_${id}`,
    setup_intent: null,
    customer: null,
    client_reference_id: null,
    metadata: { plaza_purpose: "wallet_top_up", plaza_user_id: userId, plaza_top_up_id: topUpId },
  };
  // The shape stripe-node's constructEvent returns; only what the handlers read is filled in.
  return JSON.parse(
    JSON.stringify({ id: `evt_${id}`, object: "event", api_version: Stripe.API_VERSION, created: Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type: "checkout.session.completed", data: { object: session } }),
  );
}

async function seed(db: Database, prefix: string, people: { id: string }[]) {
  const topUps = await db
    .insert(walletTopUps)
    .values(Array.from({ length: EVENTS }, (_, i) => ({ userId: people[i % people.length].id, kind: "manual" as const, amount: 1000, currency: "usd" })))
    .returning({ id: walletTopUps.id, userId: walletTopUps.userId });
  const rows = topUps.map((t, i) => {
    const event = eventFor(`${prefix}_${i}`, t.userId, t.id);
    return { id: event.id, type: event.type, account: null, apiVersion: event.api_version, livemode: false, stripeCreatedAt: new Date(event.created * 1000), payload: event };
  });
  for (let i = 0; i < rows.length; i += 500) await db.insert(stripeEvents).values(rows.slice(i, i + 500));
}

const TICK_MS = 1000 / 100; // USER_HZ

/** CPU milliseconds used so far by the Postgres backends serving this database (they live as long as the pool). */
async function backendCpu(db: Database): Promise<Map<string, number>> {
  const r = await db.execute(sql`select pid from pg_stat_activity where datname = current_database()`);
  const ms = new Map<string, number>();
  for (const row of r.rows) {
    try {
      const fields = readFileSync(`/proc/${String(row.pid)}/stat`, "utf8").split(") ")[1].split(" ");
      ms.set(String(row.pid), (Number(fields[11]) + Number(fields[12])) * TICK_MS); // utime, stime
    } catch {
      /* not on this machine's /proc (remote Postgres): reported as 0 */
    }
  }
  return ms;
}

/** CPU the backends used between two snapshots (a backend that appeared in between counts from zero). */
function backendCpuMs(before: Map<string, number>, after: Map<string, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

async function measure(db: Database, prefix: string, run: () => Promise<unknown>) {
  const load = loadAverage();
  const before = statements;
  const pgBefore = await backendCpu(db);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await run();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const pgCpu = backendCpuMs(pgBefore, await backendCpu(db));
  const sent = statements - before;
  const done = await db.execute(sql`select count(*)::int as n, count(*) filter (where attempts > 1 or last_error is not null)::int as retried from stripe_events where id like ${`evt_${prefix}_%`} and processed_at is not null`);
  const processed = Number(done.rows[0]?.n);
  return {
    events: EVENTS,
    processed,
    retriedOrFailed: Number(done.rows[0]?.retried),
    seconds: Number(seconds.toFixed(2)),
    perSecond: Math.round(processed / seconds),
    statementsPerEvent: Number((sent / EVENTS).toFixed(2)),
    // CPU per event, robust to a loaded machine (rates are not): this process, and the database's backends.
    cpuMsPerEvent: { node: Number(((cpu.user + cpu.system) / 1000 / EVENTS).toFixed(2)), postgres: Number((pgCpu / EVENTS).toFixed(2)) },
    loadAverage: load,
  };
}

const created = await createPostgresDatabase(`${process.env.BENCH_DB_PREFIX ?? "plaza_bench"}_processing`);
const handle = await openDatabase({ url: created.url, poolSize: WORKER_POOL_SIZE });
try {
  await handle.migrate();
  const db = handle.db;
  const people = await db.insert(users).values(Array.from({ length: 200 }, (_, i) => ({ email: `proc-${i}@plaza.test` }))).returning({ id: users.id });
  const result: Record<string, unknown> = { benchmark: "processing", eventsPerPath: EVENTS, cpus: (await import("node:os")).cpus().length };
  const loops = workerLoops("postgres");
  if (!ONLY || ONLY === "perEvent") {
    await seed(db, "per", people);
    log(`per event, ${loops.perEvent} loops`);
    result.perEvent = await measure(db, "per", () => Promise.all(Array.from({ length: loops.perEvent }, () => processPendingEventsOneByOne(db, webhookApp, EVENTS))));
  }
  if (!ONLY || ONLY === "batched") {
    await seed(db, "bat", people);
    log(`batched, ${loops.batched} loops`);
    result.batched = await measure(db, "bat", () => Promise.all(Array.from({ length: loops.batched }, () => processEventBatches(db, webhookApp, EVENTS))));
  }
  const per = result.perEvent as { perSecond: number } | undefined;
  const bat = result.batched as { perSecond: number } | undefined;
  if (per && bat) result.batchedVsPerEvent = Number((bat.perSecond / per.perSecond).toFixed(2));
  await checkLedgerInvariants(db);
  result.ledgerInvariants = "ok";
  if (TRACE) result.trace = [...traced.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25).map(([text, t]) => ({ text, n: t.n, msEach: Number((t.ms / t.n).toFixed(2)) }));
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  await handle.close();
  await created.drop();
}
