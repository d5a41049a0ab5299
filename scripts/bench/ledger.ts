/**
 * `npm run bench:ledger` (tsx scripts/bench/ledger.ts). Plaza's database modules start with
 * `import "server-only"`, which throws outside React's "react-server" export condition. Plain tsx does not set
 * it, so this entry re-runs itself once with `--conditions=react-server` (the same condition Next uses for
 * server code) and then loads the benchmark. Prints one JSON document on stdout.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

async function serverOnlyLoads(): Promise<boolean> {
  try {
    await import("server-only");
    return true;
  } catch {
    return false;
  }
}

if (await serverOnlyLoads()) {
  await import("./ledger-run");
} else {
  const self = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, [...process.execArgv, "--conditions=react-server", self, ...process.argv.slice(2)], {
    stdio: "inherit",
  });
  process.exit(child.status ?? 1);
}
