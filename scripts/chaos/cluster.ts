/**
 * The processes of a chaos run: the Stripe emulator, two Plaza production servers on one Postgres database
 * (both with the webhook worker on), and a round-robin HTTP proxy in front of both that the emulator delivers
 * webhooks to. Instances can be SIGKILLed and restarted; API traffic can be steered away from an instance first.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, request as httpRequest, type Server } from "node:http";
import { createRequire } from "node:module";

export const WEBHOOK_SECRET = "whsec_plaza_chaos_secret_0123456789";
export const AUTH_SECRET = "chaos-auth-secret-0123456789-0123456789-abcdef";
export const EMULATOR_KEY = "sk_test_plaza_emulator";

export interface ClusterPorts {
  apps: [number, number];
  proxy: number;
  emulator: number;
}

export const DEFAULT_PORTS: ClusterPorts = {
  apps: [Number(process.env.CHAOS_APP_PORT_A ?? 3350), Number(process.env.CHAOS_APP_PORT_B ?? 3351)],
  proxy: Number(process.env.CHAOS_PROXY_PORT ?? 3352),
  emulator: Number(process.env.CHAOS_EMULATOR_PORT ?? 12350),
};

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 120_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? ` (last error: ${last.message})` : ""}`);
}

export class Instance {
  child: ChildProcess | null = null;
  /** API requests in flight to this instance (the workload waits for them before a kill). */
  inFlight = 0;
  /** While draining, the workload sends no new API requests here. */
  draining = false;
  starts = 0;
  kills = 0;
  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  get up() {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null && !this.draining;
  }

  async start(): Promise<void> {
    const child = spawn("node_modules/.bin/tsx", ["--conditions=react-server", "scripts/server.ts", "start"], {
      stdio: ["ignore", "ignore", process.env.CHAOS_VERBOSE ? "inherit" : "ignore"],
      env: { ...process.env, ...this.env, PORT: String(this.port), NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
      detached: true,
    });
    this.child = child;
    this.starts++;
    await waitFor(`${this.name} on ${this.port}`, async () => {
      if (child.exitCode !== null) throw new Error(`${this.name} exited with ${child.exitCode}`);
      const r = await fetch(`${this.url}/api/health`);
      return r.ok;
    }, 180_000, 250);
    this.draining = false;
  }

  /** SIGKILL to the whole process group (tsx and the node process it runs). */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child?.pid) return;
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once("exit", () => resolve());
    });
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      /* already gone */
    }
    await exited;
    // The group leader is gone; make sure no grandchild keeps the port.
    await waitFor(`${this.name} port ${this.port} to close`, async () => {
      try {
        await fetch(`${this.url}/api/health`, { signal: AbortSignal.timeout(500) });
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          /* gone */
        }
        return false;
      } catch {
        return true;
      }
    }, 30_000, 100);
    this.kills++;
    this.child = null;
  }

  stop(): void {
    if (this.child?.pid && this.child.exitCode === null) {
      try {
        process.kill(-this.child.pid, "SIGTERM");
      } catch {
        /* gone */
      }
    }
  }
}

/** Round robin over the instances; an instance that is down answers 502, so Stripe (the emulator) retries. */
export function startProxy(port: number, instances: Instance[]): Promise<Server & { forwarded: number; refused: number }> {
  let next = 0;
  const stats = { forwarded: 0, refused: 0 };
  const server = createServer((req, res) => {
    const target = instances[next++ % instances.length];
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const upstream = httpRequest(
        { host: "127.0.0.1", port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: `127.0.0.1:${target.port}`, "content-length": String(body.length) }, timeout: 30_000 },
        (up) => {
          stats.forwarded++;
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      const fail = () => {
        stats.refused++;
        if (!res.headersSent) res.writeHead(502, { "Content-Type": "application/json" });
        res.end('{"error":{"code":"bad_gateway","message":"instance unavailable"}}');
      };
      upstream.on("timeout", () => upstream.destroy(new Error("timeout")));
      upstream.on("error", fail);
      upstream.end(body);
    });
  });
  Object.defineProperty(server, "forwarded", { get: () => stats.forwarded });
  Object.defineProperty(server, "refused", { get: () => stats.refused });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server as Server & { forwarded: number; refused: number })));
}

export function startEmulatorProcess(port: number, webhookUrl: string): Promise<ChildProcess> {
  const main = createRequire(import.meta.url).resolve("@plaza/stripe-emulator/main");
  const child = spawn("node_modules/.bin/tsx", [main], {
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      STRIPE_EMULATOR_PORT: String(port),
      STRIPE_EMULATOR_PUBLIC_URL: `http://127.0.0.1:${port}`,
      STRIPE_EMULATOR_WEBHOOK_URL: webhookUrl,
      STRIPE_EMULATOR_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_EMULATOR_CONNECT_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_EMULATOR_DELIVERY: "async",
      STRIPE_EMULATOR_QUIET: "1",
    },
    detached: true,
  });
  return waitFor("the Stripe emulator", async () => {
    if (child.exitCode !== null) throw new Error(`the emulator exited with ${child.exitCode}`);
    const r = await fetch(`http://127.0.0.1:${port}/_emu/tenant`, { headers: { Authorization: `Bearer ${EMULATOR_KEY}` } });
    return r.ok ? child : undefined;
  }, 120_000, 250);
}

export function stopProcess(child: ChildProcess | null | undefined) {
  if (child?.pid && child.exitCode === null) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      /* gone */
    }
  }
}

/** The environment both Plaza instances share (one database, one emulator, one app origin). */
export function instanceEnv(databaseUrl: string, ports: ClusterPorts): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    HOST: "127.0.0.1",
    APP_URL: `http://127.0.0.1:${ports.apps[0]}`,
    AUTH_SECRET,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_CONNECT_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_EMULATOR_PORT: String(ports.emulator),
    STRIPE_EMULATOR_URL: `http://127.0.0.1:${ports.emulator}`,
    WEBHOOK_WORKER: "on",
    PLAZA_DEMO: "false",
  };
}
