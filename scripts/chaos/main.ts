/**
 * `npm run chaos`: the workload run clean, then under chaos (two instances, duplicated / shuffled / delayed /
 * failing webhook deliveries, SIGKILLs), and the comparison. Prints the figures as JSON and, when the ledger
 * matches, "ledger equal to the clean run". Knobs: CHAOS_EVENTS, CHAOS_SEED, CHAOS_CLUSTERS, CHAOS_KILLS,
 * CHAOS_DELAY_MS, CHAOS_FAIL_FIRST_N, CHAOS_SKIP_BUILD=1 (reuse .next), CHAOS_KEEP_DB=1, CHAOS_VERBOSE=1.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { prepareChaosProcess } from "./prepare";

if (!process.env.CHAOS_SKIP_BUILD || !existsSync(".next/BUILD_ID")) {
  console.error("[chaos] building the production app (next build)…");
  if (spawnSync("node_modules/.bin/next", ["build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } }).status !== 0) process.exit(1);
}
prepareChaosProcess();
const { optionsFromEnv, runChaosComparison } = await import("./run");
const report = await runChaosComparison(optionsFromEnv({ log: (l) => console.error(l) }));
console.log(JSON.stringify(report.figures, null, 2));
for (const p of report.problems) console.error(`[chaos] problem: ${p}`);
for (const d of report.differences.slice(0, 30)) console.error(`[chaos] difference: ${d}`);
for (const d of report.outcomeDifferences.slice(0, 30)) console.error(`[chaos] outcome difference: ${d}`);
if (report.differences.length === 0) console.log("ledger equal to the clean run");
process.exit(report.ok ? 0 : 1);
