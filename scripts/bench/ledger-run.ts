import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { bar } from "./bars";
import pg from "pg";
import { openDatabase, type Database } from "@/db/client";
import { createPostgresDatabase } from "@/db/testing";
import { getBalance, getOrCreateAccount } from "@/lib/ledger/accounts";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { postTransaction, postTransactions, type PostingInput } from "@/lib/ledger/post";
import { int, queryRows } from "@/lib/ledger/sql-values";
import { cursorAfterEntry } from "@/lib/ledger/statement";
import { accountStatementCsv } from "@/lib/statements/csv-export";
import { statementPdfChunks } from "@/lib/statements/pdf";
import { getStatementPage, streamStatementRows } from "@/lib/statements/rows";

/**
 * Ledger benchmark: Plaza's posting path against a plain-SQL 2-leg transfer on the same database
 * and concurrency, statement paging at 1M entries, CSV export speed and memory. Env: BENCH_SECONDS (per
 * throughput phase, default 5), BENCH_ROUNDS (plain/Plaza alternations, default 2), BENCH_ENTRIES (statement
 * size, default 1 000 000), BENCH_PARTS (postings,statement), BENCH_KEEP_DB=1 (keep the database and print its URL).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const STATEMENT_ENTRIES = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
const CLIENTS = 16;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
/** Comma-separated subset of: postings, statement. */
const PARTS = new Set((process.env.BENCH_PARTS ?? "postings,statement").split(","));
const WALLETS = 1000;
const log = (msg: string) => process.stderr.write(`[bench:ledger] ${msg}\n`);

interface Throughput {
  postings: number;
  /** Postings the database shows for the phase (rows counted after it): must equal `postings`. */
  postingsInDatabase: number;
  seconds: number;
  perSecond: number;
  errors: number;
  loadAverage: string;
}

const loadAverage = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

/**
 * Runs `op` in `clients` loops for `seconds`; op returns how many postings it made. `counted` reads how many
 * postings the database holds, before and after, as a cross-check of the in-process counter.
 */
async function throughput(clients: number, counted: () => Promise<number>, op: (worker: number) => Promise<number>): Promise<Throughput> {
  const before = await counted();
  const load = loadAverage();
  const start = performance.now();
  const end = start + SECONDS * 1000;
  let postings = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, w) => {
      while (performance.now() < end) {
        try {
          // Not `postings += await op(w)`: that reads `postings` before the await, so concurrent workers
          // overwrite each other's increments (it undercounted ~16x with 16 clients in earlier runs).
          const made = await op(w);
          postings += made;
        } catch (e) {
          errors += 1;
          if (errors < 5) log(`error: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const postingsInDatabase = (await counted()) - before;
  if (postingsInDatabase !== postings) log(`counter mismatch: ${postings} counted in process, ${postingsInDatabase} in the database`);
  return { postings, postingsInDatabase, seconds: round(seconds), perSecond: Math.round(postings / seconds), errors, loadAverage: load };
}

/** Sums phases of the same kind (several rounds, alternated with the other path so both see the same load). */
function total(phases: Throughput[]): Throughput & { rounds: number[] } {
  const postings = phases.reduce((a, p) => a + p.postings, 0);
  const seconds = phases.reduce((a, p) => a + p.seconds, 0);
  return {
    postings,
    postingsInDatabase: phases.reduce((a, p) => a + p.postingsInDatabase, 0),
    seconds: round(seconds),
    perSecond: Math.round(postings / seconds),
    errors: phases.reduce((a, p) => a + p.errors, 0),
    loadAverage: phases.map((p) => p.loadAverage).join(" | "),
    rounds: phases.map((p) => p.perSecond),
  };
}

function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function percentile(sorted: number[], p: number): number {
  return round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))], 3);
}

const rand = (n: number) => Math.floor(Math.random() * n);
function pair(n: number): [number, number] {
  const a = rand(n);
  let b = rand(n - 1);
  if (b >= a) b += 1;
  return [a, b];
}

async function setupWallets(db: Database): Promise<number[]> {
  await db.execute(sql`insert into users (id, email, name)
    select 'bench-u-' || i, 'bench' || i || '@plaza.test', 'Bench member ' || i from generate_series(1, ${WALLETS}) i`);
  await db.execute(sql`insert into ledger_accounts (kind, owner_user_id, currency)
    select 'member_wallet', 'bench-u-' || i, 'usd' from generate_series(1, ${WALLETS}) i`);
  const rows = await queryRows(db, sql`select id from ledger_accounts where kind = 'member_wallet' order by id`);
  const wallets = rows.map((r) => int(r.id));
  const adj = await getOrCreateAccount(db, { kind: "adjustments", currency: "usd" });
  const each = 1_000_000_000_000;
  await postTransaction(db, {
    type: "manual_adjustment",
    description: "Benchmark opening balances",
    idempotencyKey: "bench-fund",
    entries: [{ accountId: adj.id, amount: -each * wallets.length }, ...wallets.map((id) => ({ accountId: id, amount: each }))],
  });
  return wallets;
}

const BATCH = 100;

/**
 * The raw ceiling: a textbook plain-SQL transfer on its own two tables (no triggers, no function, no JSON):
 * lock the rows in id order, check funds, insert the legs, update balances, commit. Batched: the same for
 * BATCH transfers in one transaction (lock all rows once, one multi-row insert, one update). The bars are
 * measured against this one.
 *
 * `ledger: true` is the same transfer doing the rest of the essential work a ledger posting does (so that the
 * comparison is like with like; see lib/stripe/webhooks/PERFORMANCE.md, "Ledger postings"): a transaction row
 * per transfer claiming a unique idempotency key and a unique reference, with the same indexes Plaza keeps for
 * lookups by order, Stripe object and event; entries referencing their transaction and their account (by id
 * and currency), unique per (account, version), indexed for statements and by transaction; the balanced check
 * is done by the client before writing. No function, no JSON, no deferred trigger.
 */
async function plainSqlSetup(url: string, opts: { ledger?: boolean } = {}) {
  const pool = new pg.Pool({ connectionString: url, max: CLIENTS });
  const ledger = opts.ledger === true;
  const A = ledger ? "bench_plain_ledger_accounts" : "bench_plain_accounts";
  const E = ledger ? "bench_plain_ledger_entries" : "bench_plain_entries";
  const T = "bench_plain_ledger_transactions";
  if (ledger) {
    await pool.query(`create table ${A} (id bigint primary key, currency text not null default 'usd', balance bigint not null,
      version bigint not null, unique (id, currency))`);
    await pool.query(`create table ${T} (id bigserial primary key, type text not null, description text not null,
      reference text not null unique, idempotency_key text not null unique, request_hash text not null, order_id text,
      stripe_object_id text, stripe_event_id text, metadata jsonb not null default '{}', created_at timestamptz not null default now())`);
    for (const c of ["order_id", "stripe_object_id", "stripe_event_id"]) await pool.query(`create index on ${T} (${c}) where ${c} is not null`);
    await pool.query(`create table ${E} (id bigserial primary key, transaction_id bigint not null references ${T}(id),
      account_id bigint not null, currency text not null default 'usd', amount bigint not null, balance_after bigint not null,
      account_version bigint not null, created_at timestamptz not null default clock_timestamp(),
      foreign key (account_id, currency) references ${A}(id, currency), unique (account_id, account_version))`);
    await pool.query(`create index on ${E} (account_id, created_at, id)`);
    await pool.query(`create index on ${E} (transaction_id)`);
  } else {
    await pool.query(`create table ${A} (id bigint primary key, balance bigint not null, version bigint not null)`);
    await pool.query(`create table ${E} (id bigserial primary key, account_id bigint not null references ${A}(id),
      amount bigint not null, balance_after bigint not null, account_version bigint not null, created_at timestamptz not null default now())`);
  }
  await pool.query(`insert into ${A} (id, balance, version) select i, 1000000000000, 0 from generate_series(1, ${WALLETS + 1}) i`);
  let seq = 0;
  const HOT = WALLETS + 1;
  /** Transfers [from, to, amount][] in one transaction. */
  const transfers = async (legs: [number, number, number][]) => {
    const c = await pool.connect();
    try {
      await c.query("begin");
      const ids = [...new Set(legs.flatMap(([f, t]) => [f, t]))];
      const { rows } = await c.query<{ id: string; balance: string; version: string }>(
        `select id, balance, version from ${A} where id = any($1) order by id for no key update`,
        [ids],
      );
      const state = new Map(rows.map((r) => [Number(r.id), { balance: Number(r.balance), version: Number(r.version) }]));
      const entries: [number, number, number, number][] = [];
      const apply = (id: number, amount: number) => {
        const s = state.get(id);
        if (!s) throw new Error(`no account ${id}`);
        s.balance += amount;
        s.version += 1;
        entries.push([id, amount, s.balance, s.version]);
      };
      for (const [from, to, amount] of legs) {
        if ((state.get(from)?.balance ?? 0) < amount) throw new Error("insufficient funds");
        apply(from, -amount);
        apply(to, amount);
      }
      // ledger: one transaction row per transfer, claiming its key; its id goes on both legs.
      let txIds: number[] = [];
      if (ledger) {
        const keys = legs.map(() => `plain-${process.pid}-${++seq}`);
        const { rows: tx } = await c.query<{ id: string }>(
          `insert into ${T} (type, description, reference, idempotency_key, request_hash)
           select 'member_transfer', 'Benchmark', 'REF-' || k, k, md5(k) from unnest($1::text[]) with ordinality u(k, o) order by o
           on conflict (idempotency_key) do nothing returning id`,
          [keys],
        );
        if (tx.length !== legs.length) throw new Error("idempotency key taken");
        txIds = tx.map((r) => Number(r.id)).sort((a, b) => a - b);
      }
      const txOf = (i: number) => txIds[Math.floor(i / 2)];
      if (legs.length === 1 && !ledger) {
        await c.query(
          `insert into ${E} (account_id, amount, balance_after, account_version) values ($1, $2, $3, $4), ($5, $6, $7, $8)`,
          entries.flat(),
        );
        const [from, to, amount] = legs[0];
        await c.query(
          `update ${A} set balance = balance + case when id = $1 then $3::bigint else -$3::bigint end, version = version + 1 where id in ($1, $2)`,
          [to, from, amount],
        );
      } else {
        const col = (i: number) => entries.map((e) => e[i]);
        if (ledger) {
          await c.query(
            `insert into ${E} (transaction_id, account_id, amount, balance_after, account_version)
             select * from unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[])`,
            [entries.map((_, i) => txOf(i)), col(0), col(1), col(2), col(3)],
          );
        } else {
          await c.query(
            `insert into ${E} (account_id, amount, balance_after, account_version)
             select * from unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[])`,
            [col(0), col(1), col(2), col(3)],
          );
        }
        const touched = [...state.entries()];
        await c.query(
          `update ${A} a set balance = u.b, version = u.v from unnest($1::bigint[], $2::bigint[], $3::bigint[]) u(id, b, v) where a.id = u.id`,
          [touched.map(([id]) => id), touched.map(([, s]) => s.balance), touched.map(([, s]) => s.version)],
        );
      }
      await c.query("commit");
    } catch (e) {
      await c.query("rollback");
      throw e;
    } finally {
      c.release();
    }
  };
  const counted = async () => Number((await pool.query<{ n: string }>(`select count(*) / 2 as n from ${E}`)).rows[0].n);
  return {
    uniform: () =>
      throughput(CLIENTS, counted, async () => {
        const [a, b] = pair(WALLETS);
        await transfers([[a + 1, b + 1, 1 + rand(100)]]);
        return 1;
      }),
    hot: () =>
      throughput(CLIENTS, counted, async () => {
        await transfers([[1 + rand(WALLETS), HOT, 1 + rand(100)]]);
        return 1;
      }),
    batched: () =>
      throughput(CLIENTS, counted, async (w) => {
        const slice = Math.floor(WALLETS / CLIENTS);
        await transfers(Array.from({ length: BATCH }, () => [1 + w * slice + rand(slice), HOT, 1 + rand(100)]));
        return BATCH;
      }),
    end: () => pool.end(),
  };
}

async function plazaSetup(db: Database, wallets: number[]) {
  const fees = await getOrCreateAccount(db, { kind: "platform_fees", currency: "usd" });
  const singleRow = await getOrCreateAccount(db, { kind: "settlement_bank", currency: "usd" }); // one row, may go negative
  let seq = 0;
  const posting = (from: number, to: number, type: PostingInput["type"]): PostingInput => {
    const amount = 1 + rand(100);
    return {
      type,
      description: "Benchmark",
      idempotencyKey: `bench-${process.pid}-${++seq}`,
      entries: [
        { accountId: from, amount: -amount },
        { accountId: to, amount },
      ],
    };
  };
  const counted = async () => int((await queryRows(db, sql`select count(*)::int as n from ledger_transactions`))[0].n);
  return {
    uniform: () =>
      throughput(CLIENTS, counted, async () => {
        const [a, b] = pair(wallets.length);
        await postTransaction(db, posting(wallets[a], wallets[b], "member_transfer"));
        return 1;
      }),
    hot: () =>
      throughput(CLIENTS, counted, async () => {
        await postTransaction(db, posting(wallets[rand(wallets.length)], fees.id, "fee"));
        return 1;
      }),
    hotOneRow: () =>
      throughput(CLIENTS, counted, async () => {
        await postTransaction(db, posting(wallets[rand(wallets.length)], singleRow.id, "fee"));
        return 1;
      }),
    batched: () =>
      throughput(CLIENTS, counted, async (w) => {
        // Each worker draws from its own slice of wallets: batches from different workers do not wait on each
        // other's wallet locks (a webhook worker per partition); all of them credit the hot fee account.
        const slice = Math.floor(wallets.length / CLIENTS);
        await postTransactions(
          db,
          Array.from({ length: BATCH }, () => posting(wallets[w * slice + rand(slice)], fees.id, "fee")),
        );
        return BATCH;
      }),
  };
}

/**
 * Plain SQL and Plaza phases alternate, ROUNDS times each, so that both see the same background load (the
 * machine is shared); ratios are computed from the sums.
 */
async function postingsBench(url: string, db: Database) {
  const plain = await plainSqlSetup(url);
  const plainLedger = await plainSqlSetup(url, { ledger: true });
  const wallets = await setupWallets(db);
  const ours = await plazaSetup(db, wallets);
  const phases: Record<string, Throughput[]> = {};
  const run = async (name: string, fn: () => Promise<Throughput>) => {
    log(`${name} (round ${(phases[name]?.length ?? 0) + 1}/${ROUNDS})`);
    (phases[name] ??= []).push(await fn());
  };
  for (let r = 0; r < ROUNDS; r++) {
    await run("plainSqlUniform", plain.uniform);
    await run("plainSqlLedgerUniform", plainLedger.uniform);
    await run("plazaUniform", ours.uniform);
    await run("plainSqlHot", plain.hot);
    await run("plazaHotSharded", ours.hot);
    await run("plazaHotOneRow", ours.hotOneRow);
    await run("plainSqlBatched100", plain.batched);
    await run("plainSqlLedgerBatched100", plainLedger.batched);
    await run("plazaBatched100", ours.batched);
  }
  await plain.end();
  await plainLedger.end();
  const t = {
    plainSqlUniform: total(phases.plainSqlUniform),
    plainSqlLedgerUniform: total(phases.plainSqlLedgerUniform),
    plazaUniform: total(phases.plazaUniform),
    plainSqlHot: total(phases.plainSqlHot),
    plazaHotSharded: total(phases.plazaHotSharded),
    plazaHotOneRow: total(phases.plazaHotOneRow),
    plainSqlBatched100: total(phases.plainSqlBatched100),
    plainSqlLedgerBatched100: total(phases.plainSqlLedgerBatched100),
    plazaBatched100: total(phases.plazaBatched100),
  };
  type Phase = keyof typeof t;
  const ratio = (a: Phase, b: Phase) => round(t[a].perSecond / t[b].perSecond);
  return {
    ...t,
    uniformRatio: ratio("plazaUniform", "plainSqlUniform"),
    hotRatio: ratio("plazaHotSharded", "plainSqlHot"),
    hotOneRowRatio: ratio("plazaHotOneRow", "plainSqlHot"),
    batchedRatio: ratio("plazaBatched100", "plainSqlBatched100"),
    /** Against the plain SQL that does the same essential work (transaction rows, keys, indexes, foreign keys). */
    uniformLikeForLikeRatio: ratio("plazaUniform", "plainSqlLedgerUniform"),
    batchedLikeForLikeRatio: ratio("plazaBatched100", "plainSqlLedgerBatched100"),
  };
}

/** Loads `n` entries for one member (plus their counter-legs) in bulk SQL that keeps every ledger invariant. */
async function bulkStatement(url: string, db: Database, n: number): Promise<{ wallet: number; loadSeconds: number }> {
  const member = "bench-statement-member";
  await db.execute(sql`insert into users (id, email, name) values (${member}, 'statement@plaza.test', 'Statement Member')`);
  await db.execute(sql`insert into organisations (id, slug, name, kind) values ('bench-org', 'bench-org', 'Bench Chess Club', 'club')`);
  const wallet = (await getOrCreateAccount(db, { kind: "member_wallet", ownerUserId: member, currency: "usd" })).id;
  const org = (await getOrCreateAccount(db, { kind: "organisation", ownerOrganisationId: "bench-org", currency: "usd" })).id;
  const clearing = (await getOrCreateAccount(db, { kind: "stripe_clearing", currency: "usd" })).id;
  const start = performance.now();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query("begin");
    // Bulk load only: skip the per-row deferred balance trigger (2M trigger calls); checkLedgerInvariants below
    // verifies the loaded data instead.
    await c.query("set local session_replication_role = replica");
    const [{ base, cbal, cver }] = (
      await c.query<{ base: string; cbal: string; cver: string }>(
        `select coalesce((select max(id) from ledger_transactions), 0) as base, balance as cbal, version as cver from ledger_accounts where id = $1`,
        [clearing],
      )
    ).rows;
    const t0 = "2020-01-01T00:00:00Z";
    await c.query(
      `insert into ledger_transactions (id, type, description, reference, idempotency_key, request_hash, created_at)
       select $1::bigint + i, (case when i % 2 = 1 then 'manual_top_up' else 'payment' end)::ledger_transaction_type,
              case when i % 2 = 1 then 'Top-up' else 'Ticket #' || i end, 'BLK-' || i, 'bulk-' || i, 'bulk',
              $2::timestamptz + i * interval '1 second'
       from generate_series(1, $3::int) i`,
      [base, t0, n],
    );
    await c.query(`select setval('ledger_transactions_id_seq', $1::bigint + $2::int)`, [base, n]);
    await c.query(
      `insert into ledger_entries (transaction_id, account_id, amount, currency, balance_after, account_version, created_at)
       select $1::bigint + i, $3::bigint, case when i % 2 = 1 then 1000 else -700 end, 'usd',
              1000 * ((i + 1) / 2) - 700 * (i / 2), i, $2::timestamptz + i * interval '1 second'
       from generate_series(1, $6::int) i
       union all
       select $1::bigint + i, $4::bigint, -1000, 'usd', $7::bigint - 1000 * ((i + 1) / 2), $8::bigint + (i + 1) / 2,
              $2::timestamptz + i * interval '1 second'
       from generate_series(1, $6::int, 2) i
       union all
       select $1::bigint + i, $5::bigint, 700, 'usd', 700 * (i / 2), i / 2, $2::timestamptz + i * interval '1 second'
       from generate_series(2, $6::int, 2) i`,
      [base, t0, wallet, clearing, org, n, cbal, cver],
    );
    await c.query(
      `update ledger_accounts a set balance = s.total + (case when a.id = $1 then $2::bigint else 0 end),
              version = s.n + (case when a.id = $1 then $3::bigint else 0 end)
       from (select account_id, sum(amount) total, count(*) n from ledger_entries
             where transaction_id > $4::bigint group by account_id) s
       where a.id = s.account_id`,
      [clearing, cbal, cver, base],
    );
    await c.query("commit");
    // The steady state of a ledger that has been running: vacuumed (visibility map set, so the export does not
    // share the machine with autovacuum's first pass over 3M new rows) and checkpointed.
    await c.query("vacuum (analyze) ledger_entries, ledger_transactions, ledger_accounts");
    await c.query("checkpoint");
  } finally {
    await c.end();
  }
  return { wallet, loadSeconds: round((performance.now() - start) / 1000) };
}

async function latency(fn: () => Promise<unknown>, runs = 200) {
  for (let i = 0; i < 10; i++) await fn(); // warm plan caches and connections
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  return { p50Ms: percentile(times, 50), p95Ms: percentile(times, 95), maxMs: percentile(times, 100) };
}

/**
 * Samples this process's RSS every 10 ms while `fn` runs; returns the peak growth over the RSS at the start
 * (after a GC, so garbage left by earlier phases does not count for or against the export), and what the V8 heap
 * and the off-heap buffers had grown by at that peak (to tell garbage awaiting a GC from anything else).
 */
async function withRss<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number; peakRssGrowthMb: number; atPeakMb: { heapTotal: number; heapUsed: number; external: number } }> {
  globalThis.gc?.();
  const before = process.memoryUsage();
  let peak = before;
  const sample = () => {
    const m = process.memoryUsage();
    if (m.rss > peak.rss) peak = m;
  };
  const timer = setInterval(sample, 10);
  const start = performance.now();
  try {
    const value = await fn();
    sample();
    const mb = (bytes: number) => round(bytes / 1e6, 1);
    return {
      value,
      seconds: (performance.now() - start) / 1000,
      peakRssGrowthMb: mb(peak.rss - before.rss),
      atPeakMb: { heapTotal: mb(peak.heapTotal - before.heapTotal), heapUsed: mb(peak.heapUsed - before.heapUsed), external: mb(peak.external - before.external) },
    };
  } finally {
    clearInterval(timer);
  }
}

const CSV_RUNS = Number(process.env.BENCH_CSV_RUNS ?? 2);
const PDF_ROWS = Number(process.env.BENCH_PDF_ROWS ?? 100_000);

async function csvExport(db: Database, wallet: number) {
  const runs = [];
  for (let i = 0; i < CSV_RUNS; i++) {
    log(`CSV export, run ${i + 1}/${CSV_RUNS}`);
    const r = await withRss(async () => {
      let bytes = 0;
      let lines = 0;
      for await (const chunk of accountStatementCsv(db, { accountId: wallet })) {
        bytes += Buffer.byteLength(chunk);
        for (let i = chunk.indexOf("\n"); i !== -1; i = chunk.indexOf("\n", i + 1)) lines += 1;
      }
      return { bytes, rows: lines - 1 };
    });
    runs.push({ rows: r.value.rows, seconds: round(r.seconds), rowsPerSecond: Math.round(r.value.rows / r.seconds), megabytes: round(r.value.bytes / 1e6, 1), peakRssGrowthMb: r.peakRssGrowthMb, atPeakMb: r.atPeakMb });
  }
  return {
    runs,
    rows: runs[0]?.rows ?? 0,
    rowsPerSecond: Math.min(...runs.map((r) => r.rowsPerSecond)),
    peakRssGrowthMb: Math.max(...runs.map((r) => r.peakRssGrowthMb)),
  };
}

/**
 * The PDF of the first PDF_ROWS rows (the bulk rows are one second apart), streamed page by page and counted,
 * with its RSS growth.
 */
async function pdfExport(db: Database, wallet: number) {
  log(`PDF export of ${PDF_ROWS} rows`);
  const to = new Date(Date.parse("2020-01-01T00:00:00Z") + (PDF_ROWS + 1) * 1000);
  const r = await withRss(async () => {
    let bytes = 0;
    for await (const chunk of statementPdfChunks({
      holderName: "Statement Member",
      accountLabel: "Wallet",
      to,
      openingBalance: { amount: 0, currency: "usd" },
      closingBalance: await getBalance(db, wallet),
      rows: streamStatementRows(db, { accountId: wallet, to }),
    })) {
      bytes += chunk.byteLength;
    }
    return bytes;
  });
  return { rows: PDF_ROWS, seconds: round(r.seconds), rowsPerSecond: Math.round(PDF_ROWS / r.seconds), megabytes: round(r.value / 1e6, 1), peakRssGrowthMb: r.peakRssGrowthMb, atPeakMb: r.atPeakMb };
}

async function statementBench(url: string, db: Database) {
  log(`bulk-loading ${STATEMENT_ENTRIES} statement entries`);
  const bulk = await bulkStatement(url, db, STATEMENT_ENTRIES);
  log("checking invariants over everything");
  const invStart = performance.now();
  await checkLedgerInvariants(db);
  const invariantsSeconds = round((performance.now() - invStart) / 1000);
  log("statement latency");
  const firstPage = await latency(() => getStatementPage(db, { accountId: bulk.wallet, limit: 50 }));
  const deepEntry = await queryRows(
    db,
    sql`select id from ledger_entries where account_id = ${bulk.wallet} and account_version = ${Math.floor(STATEMENT_ENTRIES / 10)}`,
  );
  const deepCursor = cursorAfterEntry(int(deepEntry[0].id));
  const deepPage = await latency(() => getStatementPage(db, { accountId: bulk.wallet, limit: 50, cursor: deepCursor }));
  const sample = await getStatementPage(db, { accountId: bulk.wallet, limit: 50, cursor: deepCursor });
  const csv = await csvExport(db, bulk.wallet);
  const pdf = PDF_ROWS > 0 ? await pdfExport(db, bulk.wallet) : undefined;
  const walletBalance = await getBalance(db, bulk.wallet);
  return {
    statement: {
      entries: STATEMENT_ENTRIES,
      bulkLoadSeconds: bulk.loadSeconds,
      invariantsCheckSeconds: invariantsSeconds,
      firstPage,
      deepPage: { ...deepPage, depthRows: STATEMENT_ENTRIES - Math.floor(STATEMENT_ENTRIES / 10), rowsReturned: sample.rows.length },
      walletBalance,
    },
    csv,
    pdf,
  };
}

async function main() {
  const started = performance.now();
  const created = await createPostgresDatabase(process.env.BENCH_DB_PREFIX ?? "plaza_bench");
  const handle = await openDatabase({ url: created.url, poolSize: CLIENTS });
  try {
    await handle.migrate();
    const db = handle.db;
    const settings = await queryRows(db, sql`select current_setting('synchronous_commit') as sc, version() as v`);
    const postings = PARTS.has("postings") ? await postingsBench(created.url, db) : undefined;
    const statement = PARTS.has("statement") ? await statementBench(created.url, db) : undefined;
    if (postings) {
      log("checking invariants after the posting phases");
      await checkLedgerInvariants(db);
    }
    const p = postings;
    const result = {
      benchmark: "ledger",
      machine: {
        cpus: (await import("node:os")).cpus().length,
        postgres: String(settings[0].v).split(" ").slice(0, 2).join(" "),
        synchronousCommit: settings[0].sc,
        loadAverageAtEnd: loadAverage(),
      },
      clients: CLIENTS,
      secondsPerPhase: SECONDS,
      rounds: ROUNDS,
      postings: p,
      ...statement,
      bars: [
        ...(p
          ? [
              bar("ledger postings/s, one per transaction, vs plain SQL", p.uniformRatio, ">=", 0.95),
              bar("ledger postings/s, batches of 100, vs plain SQL batched", p.batchedRatio, ">=", 0.85),
              bar("hot account (sharded) vs uniform accounts", round(p.plazaHotSharded.perSecond / p.plazaUniform.perSecond), ">=", 0.95),
              bar("deadlocks or errors in the posting phases", Object.values(p).reduce<number>((a, v) => a + (typeof v === "number" ? 0 : v.errors), 0), "==", 0),
            ]
          : []),
        ...(statement
          ? [
              bar("statement first page p95 ms at 1M entries", statement.statement.firstPage.p95Ms, "<=", 20),
              bar("CSV rows/s over 1M rows (slowest run)", statement.csv.rowsPerSecond, ">=", 200_000),
              bar("CSV peak RSS growth MB over 1M rows (worst run)", statement.csv.peakRssGrowthMb, "<=", 50),
              ...(statement.pdf ? [bar(`PDF peak RSS growth MB at ${statement.pdf.rows} rows`, statement.pdf.peakRssGrowthMb, "<=", 50)] : []),
            ]
          : []),
      ],
      totalSeconds: round((performance.now() - started) / 1000, 1),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await handle.close();
    if (process.env.BENCH_KEEP_DB) log(`kept the database for profiling: ${created.url}`);
    else await created.drop();
  }
}

await main();
