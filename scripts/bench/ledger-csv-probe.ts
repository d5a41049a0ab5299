// TEMPORARY (deleted after measuring): old vs new CSV export on a kept bench database, alternated.
import { readFileSync } from "node:fs";
import { openDatabase } from "@/db/client";
import { streamStatementRows } from "@/lib/ledger/statement";
import { statementCsv } from "@/lib/ledger/statement-csv";
import { streamStatementRows as oldStream } from "@/lib/ledger/zz-old-statement";
import { statementCsv as oldCsv } from "@/lib/ledger/zz-old-statement-csv";
const [url, wallet, limitRows] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4] ?? 0)];
const h = await openDatabase({ url });
async function run(name: string, gen: AsyncIterable<string>) {
  global.gc?.();
  const rss0 = process.memoryUsage().rss; let peak = rss0;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  const t0 = performance.now(); let lines = 0; let bytes = 0;
  for await (const chunk of gen) { bytes += chunk.length; for (let i = chunk.indexOf("\n"); i !== -1; i = chunk.indexOf("\n", i + 1)) lines++; if (limitRows && lines > limitRows) break; }
  const s = (performance.now() - t0) / 1000; clearInterval(timer);
  console.log(JSON.stringify({ name, rows: lines - 1, seconds: +s.toFixed(2), rowsPerSecond: Math.round((lines - 1) / s), chars: bytes, peakRssDeltaMb: +((peak - rss0) / 1e6).toFixed(1), load }));
}
const which = process.argv[5] ?? "old,new,old,new";
for (const w of which.split(",")) {
  if (w === "old") await run("old", oldCsv(oldStream(h.db, { accountId: wallet })));
  else await run("new", statementCsv(streamStatementRows(h.db, { accountId: wallet })));
}
await h.close();
