// TEMPORARY probe (deleted after diagnosis): plain-SQL transfer under the bench's conditions, toggled by env.
import { sql } from "drizzle-orm";
import pg from "pg";
if (process.env.IMPORTS) { await import("@/lib/ledger/statement"); await import("@/lib/ledger/post"); await import("@/lib/ledger/invariants"); }
import { openDatabase } from "@/db/client";
import { createPostgresDatabase } from "@/db/testing";
const SECONDS = 5, CLIENTS = 16, WALLETS = 1000;
const created = await createPostgresDatabase("plaza_probe");
let handle: Awaited<ReturnType<typeof openDatabase>> | undefined;
if (process.env.MIGRATE) { handle = await openDatabase({ url: created.url, poolSize: CLIENTS }); await handle.migrate(); if (process.env.QUERY) await handle.db.execute(sql`select 1`); }
const pool = new pg.Pool({ connectionString: created.url, max: CLIENTS });
await pool.query(`create table bench_plain_accounts (id bigint primary key, balance bigint not null, version bigint not null)`);
await pool.query(`create table bench_plain_entries (id bigserial primary key, account_id bigint not null references bench_plain_accounts(id),
    amount bigint not null, balance_after bigint not null, account_version bigint not null, created_at timestamptz not null default now())`);
await pool.query(`insert into bench_plain_accounts select i, 1000000000000, 0 from generate_series(1, ${WALLETS + 1}) i`);
const rand = (n: number) => Math.floor(Math.random() * n);
const transfer = async (from: number, to: number, amount: number) => {
  const c = await pool.connect();
  try {
    await c.query("begin");
    const { rows } = await c.query("select id, balance, version from bench_plain_accounts where id = any($1) order by id for no key update", [[from, to]]);
    const f = rows.find((r) => Number(r.id) === from), t = rows.find((r) => Number(r.id) === to);
    await c.query("insert into bench_plain_entries (account_id, amount, balance_after, account_version) values ($1, $2, $3, $4), ($5, $6, $7, $8)",
      [from, -amount, Number(f.balance) - amount, Number(f.version) + 1, to, amount, Number(t.balance) + amount, Number(t.version) + 1]);
    await c.query("update bench_plain_accounts set balance = balance + case when id = $1 then $3::bigint else -$3::bigint end, version = version + 1 where id in ($1, $2)", [to, from, amount]);
    await c.query("commit");
  } catch (e) { await c.query("rollback"); throw e; } finally { c.release(); }
};
async function tp(op: () => Promise<void>) {
  const end = performance.now() + SECONDS * 1000, start = performance.now(); let n = 0;
  await Promise.all(Array.from({ length: CLIENTS }, async () => { while (performance.now() < end) { await op(); n++; } }));
  return Math.round(n / ((performance.now() - start) / 1000));
}
const uniform = await tp(async () => { const x = rand(WALLETS); let y = rand(WALLETS - 1); if (y >= x) y++; await transfer(x + 1, y + 1, 1 + rand(100)); });
const hot = await tp(() => transfer(1 + rand(WALLETS), WALLETS + 1, 1 + rand(100)));
console.log(JSON.stringify({ migrate: !!process.env.MIGRATE, uniform, hot }));
await pool.end(); await handle?.close(); await new Promise((r) => setTimeout(r, 200)); await created.drop().catch(() => {});
