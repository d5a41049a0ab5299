import pg from "pg";
import { createPostgresDatabase } from "@/db/testing";
import { openDatabase } from "@/db/client";
const created = await createPostgresDatabase("zz_probe");
const mode = process.env.MODE;
const handle = mode === "nodrizzle" ? null : await openDatabase({ url: created.url, poolSize: 16 });
if (handle && mode !== "nomigrate") await handle.migrate();
const pool = new pg.Pool({ connectionString: created.url, max: 16 });
await pool.query(`create table zz_a (id bigint primary key, balance bigint not null, version bigint not null);
create table zz_e (id bigserial primary key, account_id bigint not null references zz_a(id), amount bigint not null, balance_after bigint not null, account_version bigint not null, created_at timestamptz not null default now());
insert into zz_a select i, 1000000000000, 0 from generate_series(1, 1001) i;`);
const transfer = async (from: number, to: number, amount: number) => {
  const c = await pool.connect();
  try {
    await c.query("begin");
    const { rows } = await c.query("select id, balance, version from zz_a where id = any($1) order by id for no key update", [[from, to]]);
    const f = rows.find((r) => Number(r.id) === from); const tt = rows.find((r) => Number(r.id) === to);
    await c.query("insert into zz_e (account_id, amount, balance_after, account_version) values ($1, $2, $3, $4), ($5, $6, $7, $8)", [from, -amount, Number(f.balance) - amount, Number(f.version) + 1, to, amount, Number(tt.balance) + amount, Number(tt.version) + 1]);
    await c.query("update zz_a set balance = balance + case when id = $1 then $3::bigint else -$3::bigint end, version = version + 1 where id in ($1, $2)", [to, from, amount]);
    await c.query("commit");
  } finally { c.release(); }
};
const end = Date.now() + 3000; let n = 0;
await Promise.all(Array.from({ length: 16 }, async () => { while (Date.now() < end) { const a = 1 + Math.floor(Math.random()*1000); let b = 1 + Math.floor(Math.random()*1000); if (a===b) continue; await transfer(a, b, 1); n++; } }));
console.log(mode, n / 3);
await pool.end(); await handle?.close(); await created.drop();
