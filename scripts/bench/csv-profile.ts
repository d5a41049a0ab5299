/**
 * Profiling aid for the statement CSV export (not part of `npm run bench`): against a database kept by
 * `BENCH_PARTS=statement BENCH_KEEP_DB=1 npm run bench:ledger`, times one layer of the export path over the bench
 * member's whole statement. `tsx --conditions=react-server scripts/bench/csv-profile.ts <url> <fetch|rows|csv|csv-rows|export>`
 * (add `node --cpu-prof` through NODE_OPTIONS for a profile).
 */
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { int, queryRows } from "@/lib/ledger/sql-values";
import { streamStatementBatches } from "@/lib/ledger/statement";
import * as csv from "@/lib/statements/csv";
import { accountStatementCsv } from "@/lib/statements/csv-export";
import * as statementRows from "@/lib/statements/rows";

const [url, layer = "csv"] = process.argv.slice(2);
const handle = await openDatabase({ url, poolSize: 4 });
try {
  const db = handle.db;
  const wallet = int((await queryRows(db, sql`select id from ledger_accounts where kind = 'member_wallet' and owner_user_id = 'bench-statement-member'`))[0].id);
  // Open the pool's connections first, so the Postgres backends that serve the export are known: their CPU time
  // (from /proc, same machine) is the database's share, and survives a loaded machine better than a rate.
  const pids = (await Promise.all(Array.from({ length: 4 }, () => queryRows(db, sql`select pg_backend_pid() as pid, pg_sleep(0.05)`)))).map((r) => int(r[0].pid));
  const backendTicks = () => pids.reduce((sum, pid) => { try { const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" "); return sum + Number(f[11]) + Number(f[12]); } catch { return sum; } }, 0);
  const ticks0 = backendTicks();
  globalThis.gc?.();
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  let rows = 0;
  let bytes = 0;
  const ahead = process.env.AHEAD ? Number(process.env.AHEAD) : undefined;
  const batchSize = process.env.BATCH ? Number(process.env.BATCH) : undefined;
  if (layer === "fetch") for await (const b of streamStatementBatches(db, { accountId: wallet, ahead, batchSize })) rows += b.length;
  else if (layer === "rows") for await (const r of statementRows.streamStatementRows(db, { accountId: wallet })) rows += r.entryId > 0 ? 1 : 1;
  else {
    // "export": the download's path (Postgres writes the lines); "csv": the row path; "csv-rows": statementCsv over rows one by one (the path before batches).
    const chunks =
      layer === "export"
        ? accountStatementCsv(db, { accountId: wallet, batchSize })
        : layer === "csv-rows" || !("statementCsvBatches" in csv)
        ? csv.statementCsv(statementRows.streamStatementRows(db, { accountId: wallet }))
        : csv.statementCsvBatches(statementRows.streamStatementRowBatches(db, { accountId: wallet }));
    for await (const chunk of chunks) {
      bytes += Buffer.byteLength(chunk);
      for (let i = chunk.indexOf("\n"); i !== -1; i = chunk.indexOf("\n", i + 1)) rows += 1;
    }
    rows -= 1;
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const pgUsPerRow = Math.round((((backendTicks() - ticks0) * 10_000) / rows) * 100) / 100; // 100 ticks a second
  clearInterval(timer);
  const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  console.log(JSON.stringify({ layer, rows, seconds: Math.round(seconds * 100) / 100, rowsPerSecond: Math.round(rows / seconds), ahead, batchSize, megabytes: Math.round(bytes / 1e5) / 10, peakRssGrowthMb: Math.round((peak - rss0) / 1e5) / 10, nodeCpuUsPerRow: Math.round(((cpu.user + cpu.system) / rows) * 100) / 100, pgCpuUsPerRow: pgUsPerRow, backends: new Set(pids).size, load }));
} finally {
  await handle.close();
}
