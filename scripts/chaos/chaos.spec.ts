/**
 * The small chaos comparison of `npm test` (CHAOS_EVENTS, default 600; one kill per instance): the same
 * workload clean and under chaos, then equal ledgers, orders and outcomes. Needs the production build that the
 * end-to-end step made (built here when it is missing) and the local Postgres.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { postgresReachable } from "@/db/testing";
import { prepareChaosProcess } from "./prepare";

const onPostgres = await postgresReachable();

describe.skipIf(!onPostgres)("chaos: two instances, chaotic webhooks and SIGKILLs against a clean run", () => {
  beforeAll(() => {
    if (!existsSync(".next/BUILD_ID")) {
      const r = spawnSync("node_modules/.bin/next", ["build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
      if (r.status !== 0) throw new Error("next build failed");
    }
  });

  it("every event is processed exactly once and the ledger, orders and outcomes equal the clean run", async () => {
    prepareChaosProcess();
    const { optionsFromEnv, runChaosComparison } = await import("./run");
    const options = optionsFromEnv({ events: Number(process.env.CHAOS_EVENTS ?? 600), clusters: Number(process.env.CHAOS_CLUSTERS ?? 4), killsPerInstance: Number(process.env.CHAOS_KILLS ?? 1), log: (l) => console.log(l) });
    const report = await runChaosComparison(options);
    console.log(JSON.stringify(report.figures, null, 2));
    expect(report.problems).toEqual([]);
    expect(report.differences.slice(0, 20)).toEqual([]);
    expect(report.outcomeDifferences.slice(0, 20)).toEqual([]);
    expect(report.figures.kills).toBe(options.killsPerInstance * 2);
    expect(report.figures.processedExactlyOnce).toBe(true);
    expect(report.figures.events).toBeGreaterThan(options.events * 0.5);
  });
});
