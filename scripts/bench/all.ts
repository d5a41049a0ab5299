/**
 * `npm run bench`: runs every benchmark one after the other (never at once: they would measure each other) and
 * prints one JSON document with each one's output under its name.
 */
import { spawnSync } from "node:child_process";

const BENCHES = ["ledger", "webhooks", "settlement"] as const;
const out: Record<string, unknown> = {};
for (const name of BENCHES) {
  const r = spawnSync("npm", ["run", "-s", `bench:${name}`], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 * 1024 * 1024 });
  try {
    out[name] = JSON.parse(r.stdout);
  } catch {
    out[name] = { error: `bench:${name} exited ${r.status} without a JSON document`, output: r.stdout.slice(-2000) };
  }
}
console.log(JSON.stringify(out, null, 2));
