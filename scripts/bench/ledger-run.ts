import { sql } from "drizzle-orm";
import pg from "pg";
import { openDatabase, type Database } from "@/db/client";
import { createPostgresDatabase } from "@/db/testing";
import { getBalance, getOrCreateAccount } from "@/lib/ledger/accounts";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { postTransaction, postTransactions, type PostingInput } from "@/lib/ledger/post";
import { int, queryRows } from "@/lib/ledger/sql-values";
import { cursorAfterEntry, getStatementPage, streamStatementRows } from "@/lib/ledger/statement";
import { statementCsv } from "@/lib/ledger/statement-csv";

/**
 * Ledger benchmark (DESIGN §8): Plaza's posting path against a plain-SQL 2-leg transfer on the same database
 * and concurrency, statement paging at 1M entries, CSV export speed and memory. Env: BENCH_SECONDS (per
 * throughput phase, default 5), BENCH_ENTRIES (statement size, default 1 000 000).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const STATEMENT_ENTRIES = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
const CLIENTS = 16;
const WALLETS = 1000;
const log = (msg: string) => process.stderr.write(`[bench:ledger] ${msg}\n`);

interface Throughput {
  postings: number;
  seconds: number;
  perSecond: number;
  errors: number;
}

/** Runs `op` in `clients` loops for `seconds`; op returns how many postings it made. */
async function throughput(clients: number, op: (worker: number) => Promise<number>): Promise<Throughput> {
  const end = performance.now() + SECONDS * 1000;
  const start = performance.now();
  let postings = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, w) => {
      while (performance.now() < end) {
        try {
          postings += await op(w);
        } catch (e) {
          errors += 1;
          if (errors < 5) log(`error: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  return { postings, seconds: round(seconds), perSecond: Math.round(postings / seconds), errors };
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

async function plainSql(url: string): Promise<{ uniform: Throughput; hot: Throughput }> {
  const pool = new pg.Pool({ connectionString: url, max: CLIENTS });
  await pool.query(`create table bench_plain_accounts (id bigint primary key, balance bigint not null, version bigint not null)`);
  await pool.query(`create table bench_plain_entries (id bigserial primary key, account_id bigint not null references bench_plain_accounts(id),
    amount bigint not null, balance_after bigint not null, account_version bigint not null, created_at timestamptz not null default now())`);
  await pool.query(`insert into bench_plain_accounts select i, 1000000000000, 0 from generate_series(1, ${WALLETS + 1}) i`);
  // The textbook 2-leg transfer: lock both rows in id order, check funds, insert the legs, update balances.
  const transfer = async (from: number, to: number, amount: number) => {
    const c = await pool.connect();
    try {
      await c.query("begin");
      const { rows } = await c.query<{ id: string; balance: string; version: string }>(
        "select id, balance, version from bench_plain_accounts where id = any($1) order by id for no key update",
        [[from, to]],
      );
      const f = rows.find((r) => Number(r.id) === from);
      const t = rows.find((r) => Number(r.id) === to);
      if (!f || !t || Number(f.balance) < amount) throw new Error("insufficient funds");
      await c.query(
        "insert into bench_plain_entries (account_id, amount, balance_after, account_version) values ($1, $2, $3, $4), ($5, $6, $7, $8)",
        [from, -amount, Number(f.balance) - amount, Number(f.version) + 1, to, amount, Number(t.balance) + amount, Number(t.version) + 1],
      );
      await c.query(
        "update bench_plain_accounts set balance = balance + case when id = $1 then $3::bigint else -$3::bigint end, version = version + 1 where id in ($1, $2)",
        [to, from, amount],
      );
      await c.query("commit");
    } catch (e) {
      await c.query("rollback");
      throw e;
    } finally {
      c.release();
    }
  };
  log("plain SQL, uniform");
  const uniform = await throughput(CLIENTS, async () => {
    const [a, b] = pair(WALLETS);
    await transfer(a + 1, b + 1, 1 + rand(100));
    return 1;
  });
  log("plain SQL, hot");
  const hot = await throughput(CLIENTS, async () => {
    await transfer(1 + rand(WALLETS), WALLETS + 1, 1 + rand(100));
    return 1;
  });
  await pool.end();
  return { uniform, hot };
}

async function plaza(db: Database, wallets: number[]) {
  const fees = await getOrCreateAccount(db, { kind: "platform_fees", currency: "usd" });
  const singleRow = await getOrCreateAccount(db, { kind: "settlement_bank", currency: "usd" }); // one row, may go negative
  let seq = 0;
  const posting = (from: number, to: number, type: PostingInput["type"]): PostingInput => ({
    type,
    description: "Benchmark",
    idempotencyKey: `bench-${process.pid}-${++seq}`,
    entries: [
      { accountId: from, amount: -(1 + rand(100)) },
      { accountId: to, amount: 0 },
    ].map((e, i, all) => (i === 1 ? { accountId: to, amount: -all[0].amount } : e)),
  });
  log("Plaza, uniform");
  const uniform = await throughput(CLIENTS, async () => {
    const [a, b] = pair(wallets.length);
    await postTransaction(db, posting(wallets[a], wallets[b], "member_transfer"));
    return 1;
  });
  log("Plaza, hot account (16 shards)");
  const hot = await throughput(CLIENTS, async () => {
    await postTransaction(db, posting(wallets[rand(wallets.length)], fees.id, "fee"));
    return 1;
  });
  log("Plaza, hot account without shards (one row)");
  const hotOneRow = await throughput(CLIENTS, async () => {
    await postTransaction(db, posting(wallets[rand(wallets.length)], singleRow.id, "fee"));
    return 1;
  });
  log("Plaza, batched (100 postings per call, hot account)");
  const BATCH = 100;
  const batched = await throughput(CLIENTS, async (w) => {
    // Each worker draws from its own slice of wallets: batches from different workers do not wait on each
    // other's wallet locks (a webhook worker per partition); all of them credit the hot fee account.
    const slice = Math.floor(wallets.length / CLIENTS);
    const postings = Array.from({ length: BATCH }, () => posting(wallets[w * slice + rand(slice)], fees.id, "fee"));
    await postTransactions(db, postings);
    return BATCH;
  });
  return { uniform, hot, hotOneRow, batched };
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
    await c.query("analyze ledger_entries; analyze ledger_transactions; analyze ledger_accounts");
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

async function csvExport(db: Database, wallet: number) {
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const start = performance.now();
  let bytes = 0;
  let lines = 0;
  for await (const chunk of statementCsv(streamStatementRows(db, { accountId: wallet }))) {
    bytes += Buffer.byteLength(chunk);
    for (let i = chunk.indexOf("\n"); i !== -1; i = chunk.indexOf("\n", i + 1)) lines += 1;
  }
  const seconds = (performance.now() - start) / 1000;
  clearInterval(timer);
  const rows = lines - 1;
  return {
    rows,
    seconds: round(seconds),
    rowsPerSecond: Math.round(rows / seconds),
    megabytes: round(bytes / 1e6, 1),
    peakRssDeltaMb: round((peak - rssBefore) / 1e6, 1),
  };
}

async function main() {
  const started = performance.now();
  const created = await createPostgresDatabase("plaza_bench");
  const handle = await openDatabase({ url: created.url, poolSize: CLIENTS });
  try {
    await handle.migrate();
    const db = handle.db;
    const settings = await queryRows(db, sql`select current_setting('synchronous_commit') as sc, version() as v`);
    const plain = await plainSql(created.url);
    if (process.env.BENCH_PLAIN_ONLY) {
      process.stdout.write(JSON.stringify(plain) + "\n");
      return;
    }
    const wallets = await setupWallets(db);
    const ours = await plaza(db, wallets);
    log(`bulk-loading ${STATEMENT_ENTRIES} statement entries`);
    const bulk = await bulkStatement(created.url, db, STATEMENT_ENTRIES);
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
    log("CSV export");
    const csv = await csvExport(db, bulk.wallet);
    const walletBalance = await getBalance(db, bulk.wallet);

    const result = {
      benchmark: "ledger",
      machine: { cpus: (await import("node:os")).cpus().length, postgres: String(settings[0].v).split(" ").slice(0, 2).join(" "), synchronousCommit: settings[0].sc },
      clients: CLIENTS,
      secondsPerPhase: SECONDS,
      postings: {
        plainSqlUniform: plain.uniform,
        plazaUniform: ours.uniform,
        uniformRatio: round(ours.uniform.perSecond / plain.uniform.perSecond),
        plainSqlHot: plain.hot,
        plazaHotSharded: ours.hot,
        hotRatio: round(ours.hot.perSecond / plain.hot.perSecond),
        plazaHotOneRow: ours.hotOneRow,
        plazaBatched100: ours.batched,
      },
      statement: {
        entries: STATEMENT_ENTRIES,
        bulkLoadSeconds: bulk.loadSeconds,
        invariantsCheckSeconds: invariantsSeconds,
        firstPage,
        deepPage: { ...deepPage, depthRows: STATEMENT_ENTRIES - Math.floor(STATEMENT_ENTRIES / 10), rowsReturned: sample.rows.length },
        walletBalance,
      },
      csv,
      goals: {
        uniformPerSecond: { goal: 5000, met: ours.uniform.perSecond >= 5000 },
        uniformVsPlain: { goal: 0.85, met: ours.uniform.perSecond >= 0.85 * plain.uniform.perSecond },
        hotPerSecond: { goal: 4000, met: ours.hot.perSecond >= 4000 },
        deadlocksOrErrors: { goal: 0, met: ours.uniform.errors + ours.hot.errors + ours.batched.errors === 0 },
        firstPageP95Ms: { goal: 20, met: firstPage.p95Ms <= 20 },
        csvRowsPerSecond: { goal: 200_000, met: csv.rowsPerSecond >= 200_000 },
      },
      totalSeconds: round((performance.now() - started) / 1000, 1),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await handle.close();
    await created.drop();
  }
}

await main();
