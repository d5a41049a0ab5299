/**
 * `npm run bench`: every benchmark, one after the other (each in its own process, so one's heap and pools do
 * not slow the next), then ONE JSON document on stdout: each bench's full output, every bar of DESIGN.md
 * section 8 with its figure and whether it is met, and the load average seen before, between and after.
 *
 * Each bench prints a JSON document with a `bars` array ({ name, value, goal, op: ">=" | "<=" | "==", met });
 * adding a bench is one line in BENCHES. Defaults keep the whole run within ~8 minutes on 2 cores (BENCH_QUICK=0
 * gives each bench its own longer defaults); any BENCH_* variable set by the caller wins.
 * Usage: npm run bench [-- ledger webhooks]   (names select a subset)
 */
import { spawn } from "node:child_process";
import { cpus, loadavg } from "node:os";
import type { Bar } from "./bars";

interface Bench {
  name: string;
  script: string;
  /** Defaults for `npm run bench` (quick mode); the caller's environment overrides them. */
  quick?: Record<string, string>;
}

const BENCHES: Bench[] = [
  { name: "ledger", script: "scripts/bench/ledger.ts", quick: { BENCH_PARTS: "postings", BENCH_SECONDS: "3", BENCH_ROUNDS: "2" } },
  // The statement part in its own process and database: after the posting phases, autovacuum and their heap
  // were still at work and the CSV export measured them too (138k rows/s against 232k alone, same code).
  { name: "statement", script: "scripts/bench/ledger.ts", quick: { BENCH_PARTS: "statement", BENCH_CSV_RUNS: "2" } },
  { name: "processing", script: "scripts/bench/processing.ts", quick: { BENCH_PROCESSING_EVENTS: "1500" } },
  { name: "webhooks", script: "scripts/bench/webhooks.ts", quick: { BENCH_EVENTS: "6000", BENCH_NEXT_EVENTS: "1000", BENCH_E2E_EVENTS: "3000" } },
  { name: "checkout", script: "scripts/bench/checkout.ts", quick: { BENCH_CHECKOUTS: "300", BENCH_RENDERS: "300" } },
  { name: "settlement", script: "scripts/bench/settlement.ts" },
];


const load = () => loadavg().map((x) => Number(x.toFixed(2)));

function run(bench: Bench): Promise<{ ok: boolean; seconds: number; result?: { bars?: Bar[] } & Record<string, unknown>; error?: string }> {
  const quick = process.env.BENCH_QUICK !== "0";
  const env = { ...(quick ? bench.quick : {}), ...process.env };
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, bench.script], { env, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString("utf8")));
    child.on("close", (code) => {
      const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
      const start = out.indexOf("{");
      try {
        const result = JSON.parse(out.slice(start));
        resolve({ ok: code === 0, seconds, result });
      } catch {
        resolve({ ok: false, seconds, error: `exit ${code}; no JSON on stdout` });
      }
    });
  });
}

const only = new Set(process.argv.slice(2));
const selected = BENCHES.filter((b) => only.size === 0 || only.has(b.name));
const report: Record<string, unknown> = { machine: { cpus: cpus().length }, loadAverage: { start: load() } };
const bars: (Bar & { bench: string })[] = [];
const benches: Record<string, unknown> = {};
for (const bench of selected) {
  process.stderr.write(`[bench] ${bench.name}…\n`);
  const r = await run(bench);
  benches[bench.name] = r.result ?? { error: r.error };
  for (const bar of r.result?.bars ?? []) bars.push({ bench: bench.name, ...bar });
  (report.loadAverage as Record<string, unknown>)[`after_${bench.name}`] = load();
  (report as { seconds?: Record<string, number> }).seconds = { ...(report as { seconds?: Record<string, number> }).seconds, [bench.name]: r.seconds };
}
report.bars = bars;
report.allMet = bars.length > 0 && bars.every((b) => b.met);
report.benches = benches;
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
