/** Child processes and ports for the benchmarks that start servers (webhooks, checkout). */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { createServer } from "node:net";

const SOURCES = ["app", "components", "lib", "db", "public", "next.config.ts", "package.json", "tsconfig.json"];

/** The newest modification time under `path` (a file or a folder, walked). */
function newest(path: string): number {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  let t = st.mtimeMs;
  for (const entry of readdirSync(path)) t = Math.max(t, newest(join(path, entry)));
  return t;
}

/**
 * Runs `next build` when there is no production build or a source file changed after it was made: a stale
 * build would measure code that is no longer there (a worker change measured this way once read as a
 * regression of the current code).
 */
export function ensureProductionBuild(log: (message: string) => void): void {
  const built = existsSync(".next/BUILD_ID") ? statSync(".next/BUILD_ID").mtimeMs : 0;
  if (built > 0 && SOURCES.every((s) => newest(s) <= built)) return;
  log(built > 0 ? "the production build is older than the sources: running next build…" : "no production build: running next build…");
  // The build's output goes to stderr: a bench's stdout is its JSON document alone.
  if (spawnSync("node_modules/.bin/next", ["build"], { stdio: ["ignore", process.stderr, "inherit"] }).status !== 0) process.exit(1);
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Starts a server in its own process group (stderr shown), so stop() ends it with its children. */
export function start(command: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(command, args, { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env }, detached: true });
}

export function stop(child: ChildProcess) {
  if (child.pid && child.exitCode === null) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      /* already gone */
    }
  }
}
