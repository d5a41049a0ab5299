/**
 * One chaos comparison: the workload run clean (one instance, webhooks delivered once and in order, no kills),
 * then the same workload (same seed) with two instances behind a round-robin proxy, the emulator's chaos
 * switches on and each instance SIGKILLed and restarted several times; then both end states are compared.
 */
import { spawnSync, type ChildProcess } from "node:child_process";
import { sql } from "drizzle-orm";
import { openDatabase, type Database } from "@/db/client";
import { createPostgresDatabase } from "@/db/testing";
import { createUser } from "@/lib/auth/users";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { startAutoTopUpSetup } from "@/lib/payments/auto-top-up";
import { payIou } from "@/lib/payments/wallet-payments";
import { organisationBalance, walletBalance } from "@/lib/wallet/accounts";
import { getWalletSettings } from "@/lib/wallet/settings";
import { Emulator, Session } from "./client";
import { DEFAULT_PORTS, Instance, instanceEnv, startEmulatorProcess, startProxy, stopProcess, waitFor, type ClusterPorts } from "./cluster";
import { plazaRefund } from "./aftersale-operations";
import { chooseOperation, OPERATIONS, rng, setProbes, type ClusterState, type OpContext, type Operation, type Person } from "./operations";
import { diffSnapshots, takeSnapshot, type Snapshot } from "./snapshot";

export interface ChaosOptions {
  seed: number;
  /** Target number of Stripe events (the workload is sized from it). */
  events: number;
  clusters: number;
  killsPerInstance: number;
  delayMs: number;
  failFirstN: number;
  ports?: ClusterPorts;
  operations?: Operation[];
  log?: (line: string) => void;
}

const PASSWORD = "chaos-password-1";
/**
 * Stripe events per workload operation (a sale is ~8, a wallet move 0): clean runs measured 4.1 over 4,000
 * operations and 4.8 over 120, so 3.8 makes the default CHAOS_EVENTS=20000 give at least 20,000 events.
 */
const EVENTS_PER_OP = 3.8;

interface RunResult {
  snapshot: Snapshot;
  outcomes: string[];
  events: number;
  processed: number;
  failedWithoutReason: number;
  stillFailing: { id: string; type: string; error: string | null }[];
  emitted: number;
  duplicates: number;
  redeliveries: number;
  lagMs: { p50: number; p99: number };
  kills: number;
  seconds: number;
  ledgerCheck: string;
  proxy: { forwarded: number; refused: number };
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

async function runOnce(mode: "clean" | "chaos", o: ChaosOptions): Promise<RunResult> {
  const log = o.log ?? (() => {});
  const ports = o.ports ?? DEFAULT_PORTS;
  const started = performance.now();
  const database = await createPostgresDatabase(`plaza_chaos_${mode}`);
  const handle = await openDatabase({ url: database.url, poolSize: 6 });
  await handle.migrate();
  const db: Database = handle.db;
  const children: ChildProcess[] = [];
  const env = instanceEnv(database.url, ports);
  const instances = mode === "clean" ? [new Instance("A", ports.apps[0], env)] : [new Instance("A", ports.apps[0], env), new Instance("B", ports.apps[1], env)];
  const proxy = await startProxy(ports.proxy, instances);
  let stopFlusher = false;
  try {
    children.push(await startEmulatorProcess(ports.emulator, `http://127.0.0.1:${ports.proxy}/api/webhooks/stripe`));
    const emulator = new Emulator(`http://127.0.0.1:${ports.emulator}`);
    await emulator.call(
      "POST",
      "/_emu/webhooks/config",
      mode === "clean" ? { mode: "async", shuffle: false, duplicate: false, delay_ms: 0, fail_first_n: 0 } : { mode: "async", shuffle: true, duplicate: true, delay_ms: o.delayMs, fail_first_n: o.failFirstN },
    );
    await Promise.all(instances.map((i) => i.start()));
    log(`[chaos] ${mode}: ${instances.length} instance(s) up, database ${database.url.split("/").pop()}`);
    // Failed deliveries are retried on the emulator's clock (5 s, 30 s, …); flushing keeps the run short.
    const flusher = (async () => {
      while (!stopFlusher) {
        await emulator.call("POST", "/_emu/webhooks/flush").catch(() => undefined);
        await sleep(1000);
      }
    })();

    const origin = env.APP_URL;
    const person = async (email: string, name: string, autoTopUp = false): Promise<Person> => {
      const u = await createUser(db, { email, name, password: PASSWORD });
      const session = new Session(email, PASSWORD, instances, origin);
      await session.signIn();
      return { id: u.id, email, name, session, autoTopUp };
    };

    // Sellers: two organisations on Express accounts, each with a course and an event.
    const sellers: ClusterState["sellers"] = [];
    for (let k = 0; k < 2; k++) {
      const owner = await person(`seller${k}@chaos.test`, `Seller ${k}`);
      const slug = `chaos-seller-${k}`;
      await owner.session.json("POST", "/api/orgs", { name: `Chaos Seller ${k}`, slug });
      const { accountId } = await owner.session.json<{ accountId: string }>("POST", `/api/orgs/${slug}/connect`, { kind: "express" });
      await emulator.call("POST", `/_emu/accounts/${accountId}/onboard`, { outcome: "complete" });
      await waitFor(`${slug} able to sell`, async () => (await owner.session.json<{ canSell: boolean }>("GET", `/api/orgs/${slug}/connect`)).canSell, 300_000, 250);
      const amountCourse = 1500 + 500 * k;
      const amountTicket = 800 + 300 * k;
      const course = await owner.session.json<{ listing: { id: string } }>("POST", `/api/orgs/${slug}/listings`, { kind: "course", title: `Chaos course ${k}`, description: "A course.", content: "Lesson one.", amount: amountCourse, published: true });
      const ticket = await owner.session.json<{ listing: { id: string } }>("POST", `/api/orgs/${slug}/listings`, { kind: "event_ticket", title: `Chaos event ${k}`, description: "An event.", amount: amountTicket, capacity: 1_000_000, startsAt: "2030-06-01T18:00:00Z", venue: "The hall", published: true });
      sellers.push({ slug, owner, listings: { course: course.listing.id, ticket: ticket.listing.id, amountCourse, amountTicket } });
    }

    // Clusters: three people, one of them with automatic top-up, and a club the first one owns.
    const clusters: ClusterState[] = await Promise.all(
      Array.from({ length: o.clusters }, async (_, c): Promise<ClusterState> => {
      const people = [await person(`c${c}-p0@chaos.test`, `C${c} P0`), await person(`c${c}-p1@chaos.test`, `C${c} P1`, true), await person(`c${c}-p2@chaos.test`, `C${c} P2`)];
      const slug = `chaos-club-${c}`;
      const club = await people[0].session.json<{ organisation: { id: string } }>("POST", "/api/orgs", { name: `Chaos Club ${c}`, slug });
      for (const p of people.slice(1)) await people[0].session.json("POST", `/api/orgs/${slug}/members`, { email: p.email, role: "member" });
      const slots = Array.from({ length: 150 }, (_, i) => ({ startsAt: new Date(Date.UTC(2030, 0, 1 + i, 9 + c % 8)).toISOString(), endsAt: new Date(Date.UTC(2030, 0, 1 + i, 10 + c % 8)).toISOString() }));
      const service = await sellers[c % 2].owner.session.json<{ listing: { id: string; slots: { id: string; startsAt: string }[] } }>("POST", `/api/orgs/${sellers[c % 2].slug}/listings`, {
        kind: "service", title: `Chaos lesson ${c}`, description: "One hour.", amount: 4000, slots, published: true,
      });
      const freeSlots = [...service.listing.slots].sort((a, b) => a.startsAt.localeCompare(b.startsAt)).map((s) => s.id);
      const setup = await startAutoTopUpSetup(db, people[1], { amount: 2000, uiMode: "hosted" });
      await emulator.call("POST", `/_emu/checkout/sessions/${setup.sessionId}/complete`, {});
      await waitFor(`automatic top-up of ${people[1].email}`, async () => (await getWalletSettings(db, people[1].id)).autoTopUpStatus === "on", 300_000, 250);
      return { index: c, people, club: { id: club.organisation.id, slug, owner: people[0] }, sellers, service: { listingId: service.listing.id, sellerSlug: sellers[c % 2].slug, amount: 4000, freeSlots }, paidCardOrders: [], paidWalletOrders: [] };
      }),
    );
    log(`[chaos] ${mode}: set up ${o.clusters} clusters in ${((performance.now() - started) / 1000).toFixed(0)} s`);

    const ctx: OpContext = {
      db,
      emulator,
      waitTimeoutMs: 300_000,
      async payIou(payer, iouId) {
        try {
          await payIou(db, payer, iouId, { mode: "batch" });
        } catch (e) {
          if (!(e instanceof Error && "code" in e && e.code === "insufficient_funds")) throw e;
        }
      },
      clubBalance: async (id) => (await organisationBalance(db, id)).amount,
      walletBalance: async (userId) => (await walletBalance(db, userId)).amount,
      async orderStatus(orderId) {
        const [row] = await rows<{ status: string; amount: number; payment_intent_id: string | null }>(db, sql`select status, amount::int, payment_intent_id from orders where id = ${orderId}`);
        if (!row) throw new Error(`no order ${orderId}`);
        return { status: row.status, amount: row.amount, paymentIntentId: row.payment_intent_id };
      },
    };
    setProbes(ctx);
    const ops = o.operations ?? [...OPERATIONS, plazaRefund];
    const opsPerCluster = Math.max(1, Math.ceil(o.events / EVENTS_PER_OP / o.clusters));
    const totalOps = opsPerCluster * o.clusters;
    let done = 0;
    const outcomes: string[][] = clusters.map(() => []);

    // Kills: at evenly spread points of the workload (plus jitter), alternating instances; API traffic is
    // steered away first, webhook deliveries and the worker are killed wherever they are.
    let kills = 0;
    const killer =
      mode === "chaos" && o.killsPerInstance > 0
        ? (async () => {
            const k = rng(o.seed ^ 0x5eed);
            const total = o.killsPerInstance * instances.length;
            for (let i = 0; i < total; i++) {
              const at = ((i + 1) / (total + 1)) * totalOps;
              await waitFor("the next kill point", async () => done >= at, 24 * 3600_000, 100);
              await sleep(k.int(0, 1500));
              const inst = instances[i % instances.length];
              inst.draining = true;
              await waitFor(`${inst.name} to finish its API requests`, async () => inst.inFlight === 0, 120_000, 5);
              await inst.kill();
              kills++;
              log(`[chaos] killed ${inst.name} (kill ${kills}/${total}) at op ${done}/${totalOps}`);
              await sleep(k.int(200, 3000));
              await inst.start();
            }
          })()
        : Promise.resolve();

    await Promise.all(
      clusters.map(async (c) => {
        const r = rng(o.seed * 7919 + c.index);
        for (let i = 0; i < opsPerCluster; i++) {
          const op = chooseOperation(ops, r);
          const key = `c${c.index}-op${i}`;
          try {
            outcomes[c.index].push(`${key} ${op.name}: ${await op.run(ctx, c, r, key)}`);
          } catch (e) {
            const line = `${key} ${op.name}: error ${e instanceof Error ? e.message.slice(0, 200) : String(e)}`;
            outcomes[c.index].push(line);
            log(`[chaos] ${mode}: ${line}`);
          }
          done++;
          if (done % 200 === 0) log(`[chaos] ${mode}: ${done}/${totalOps} operations`);
        }
      }),
    );
    await killer;

    // Quiet: every delivery made, every stored event processed. A delivery counts as made when any copy of it
    // was accepted: the round-robin can send every retry to the dead instance and every chaos duplicate to the
    // live one, so the emulator may give up on a delivery ("failed") whose event Plaza did store.
    await waitFor("every webhook delivered and processed", async () => {
      const d = await emulator.call<{ data: { status: string; history: { status: number | null }[] }[] }>("GET", "/_emu/deliveries");
      const accepted = (x: { status: string; history: { status: number | null }[] }) => x.status === "delivered" || x.history.some((h) => h.status !== null && h.status >= 200 && h.status < 300);
      if (!d.data.every(accepted)) return false;
      const [p] = await rows<{ n: number }>(db, sql`select count(*)::int as n from stripe_events where processed_at is null`);
      return p.n === 0;
    }, 600_000, 1000).catch((e: unknown) => log(`[chaos] ${mode}: ${e instanceof Error ? e.message : e}`));
    stopFlusher = true;
    await flusher;

    const deliveries = (await emulator.call<{ data: { event_id: string; status: string; attempts: number; history: unknown[] }[] }>("GET", "/_emu/deliveries")).data;
    const emitted = new Set(deliveries.map((d) => d.event_id)).size;
    const duplicates = deliveries.reduce((s, d) => s + Math.max(0, d.history.length - d.attempts), 0);
    const redeliveries = deliveries.reduce((s, d) => s + Math.max(0, d.attempts - 1), 0);
    const [counts] = await rows<{ events: number; processed: number; no_reason: number }>(
      db,
      sql`select count(*)::int as events, count(processed_at)::int as processed, count(*) filter (where processed_at is null and last_error is null)::int as no_reason from stripe_events`,
    );
    const stillFailing = await rows<{ id: string; type: string; error: string | null }>(db, sql`select id, type, last_error as error from stripe_events where processed_at is null limit 20`);
    const [lag] = await rows<{ p50: number; p99: number }>(
      db,
      sql`select coalesce(percentile_cont(0.5) within group (order by extract(epoch from processed_at - received_at) * 1000), 0)::float8 as p50,
                 coalesce(percentile_cont(0.99) within group (order by extract(epoch from processed_at - received_at) * 1000), 0)::float8 as p99
          from stripe_events where processed_at is not null`,
    );
    await checkLedgerInvariants(db);
    const check = spawnSync("node_modules/.bin/tsx", ["--conditions=react-server", "scripts/ledger-check.ts"], { encoding: "utf8", env: { ...process.env, DATABASE_URL: database.url } });
    const snapshot = await takeSnapshot(db);
    return {
      snapshot,
      outcomes: outcomes.flat(),
      events: counts.events,
      processed: counts.processed,
      failedWithoutReason: counts.no_reason,
      stillFailing,
      emitted,
      duplicates,
      redeliveries,
      lagMs: { p50: Math.round(lag.p50), p99: Math.round(lag.p99) },
      kills,
      seconds: Math.round((performance.now() - started) / 1000),
      ledgerCheck: check.status === 0 ? "ok" : `failed: ${(check.stdout + check.stderr).trim().slice(0, 500)}`,
      proxy: { forwarded: proxy.forwarded, refused: proxy.refused },
    };
  } finally {
    stopFlusher = true;
    for (const i of instances) i.stop();
    for (const c of children) stopProcess(c);
    await new Promise<void>((r) => proxy.close(() => r()));
    await handle.close();
    if (!process.env.CHAOS_KEEP_DB) await database.drop().catch(() => undefined);
    await sleep(500);
  }
}

async function rows<T>(db: Database, q: ReturnType<typeof sql>): Promise<T[]> {
  return (await db.execute(q)).rows as T[];
}

/** "c0-op3 wallet_top_up: topped up 500" -> counts by operation and outcome, amounts left out. */
function tally(outcomes: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of outcomes) {
    const k = line.replace(/^\S+ /, "").replace(/\d+/g, "N").slice(0, 80);
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

export interface ChaosReport {
  figures: Record<string, unknown>;
  differences: string[];
  outcomeDifferences: string[];
  ok: boolean;
  problems: string[];
}

export async function runChaosComparison(o: ChaosOptions): Promise<ChaosReport> {
  const clean = await runOnce("clean", o);
  const chaos = await runOnce("chaos", o);
  const differences = diffSnapshots(clean.snapshot, chaos.snapshot);
  const outcomeDifferences = clean.outcomes.map((line, i) => (line === chaos.outcomes[i] ? null : `clean "${line}" / chaos "${chaos.outcomes[i]}"`)).filter((x): x is string => x !== null);
  const problems: string[] = [];
  for (const [name, r] of [["clean", clean], ["chaos", chaos]] as const) {
    if (r.processed !== r.events) problems.push(`${name}: ${r.events - r.processed} events not processed: ${JSON.stringify(r.stillFailing)}`);
    if (r.events !== r.emitted) problems.push(`${name}: the emulator emitted ${r.emitted} events, the inbox holds ${r.events}`);
    if (r.failedWithoutReason) problems.push(`${name}: ${r.failedWithoutReason} events unprocessed without a recorded reason`);
    if (r.ledgerCheck !== "ok") problems.push(`${name}: ledger:check ${r.ledgerCheck}`);
    const errors = r.outcomes.filter((l) => l.includes(": error "));
    if (errors.length) problems.push(`${name}: ${errors.length} operations failed, e.g. ${errors.slice(0, 3).join(" | ")}`);
  }
  if (chaos.kills < o.killsPerInstance * 2) problems.push(`only ${chaos.kills} kills happened`);
  const figures = {
    seed: o.seed,
    operations: chaos.outcomes.length,
    events: chaos.events,
    eventsCleanRun: clean.events,
    kills: chaos.kills,
    duplicates: chaos.duplicates,
    redeliveries: chaos.redeliveries,
    webhooksRefusedByDeadInstances: chaos.proxy.refused,
    lagMs: chaos.lagMs,
    lagMsCleanRun: clean.lagMs,
    timeSeconds: chaos.seconds,
    timeSecondsCleanRun: clean.seconds,
    processedExactlyOnce: chaos.processed === chaos.events && chaos.events === chaos.emitted,
    failedWithoutReason: chaos.failedWithoutReason,
    ledgerCheck: chaos.ledgerCheck,
    accountsCompared: Object.keys(clean.snapshot.balances).length,
    postingsCompared: Object.keys(clean.snapshot.postings).length,
    ordersCompared: Object.keys(clean.snapshot.orders).length,
    differences: differences.length,
    outcomeDifferences: outcomeDifferences.length,
    operationsByOutcome: tally(chaos.outcomes),
  };
  return { figures, differences, outcomeDifferences, ok: problems.length === 0 && differences.length === 0 && outcomeDifferences.length === 0, problems };
}

export function optionsFromEnv(overrides: Partial<ChaosOptions> = {}): ChaosOptions {
  const n = (name: string, d: number) => (process.env[name] ? Number(process.env[name]) : d);
  return {
    seed: n("CHAOS_SEED", 17),
    events: n("CHAOS_EVENTS", 20_000),
    clusters: n("CHAOS_CLUSTERS", 16),
    killsPerInstance: n("CHAOS_KILLS", 3),
    delayMs: n("CHAOS_DELAY_MS", 1),
    failFirstN: n("CHAOS_FAIL_FIRST_N", 1),
    ...overrides,
  };
}
