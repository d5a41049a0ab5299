/**
 * The workload's HTTP clients: one signed-in session per person (the credentials callback), sent to whichever
 * Plaza instance is up (round robin), with the app's Origin on every request. A request never goes to an
 * instance that is being drained for a kill, so every API call the workload makes has a known answer.
 */
import type { Instance } from "./cluster";
import { EMULATOR_KEY, waitFor } from "./cluster";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly path: string,
  ) {
    super(`${path} answered ${status}: ${JSON.stringify(body).slice(0, 300)}`);
  }
  get code(): string | undefined {
    const b = this.body as { error?: { code?: string } } | null;
    return b?.error?.code;
  }
}

let rr = 0;
/**
 * An instance that is up, with the request already counted in its inFlight in the same synchronous step as the
 * check: counting it after an await let a kill slip in between (the killer saw 0 in flight, the request then
 * went to a dying instance and was "terminated").
 */
async function pickInstance(instances: Instance[]): Promise<Instance> {
  return waitFor("a Plaza instance that is up", async () => {
    for (let i = 0; i < instances.length; i++) {
      const inst = instances[rr++ % instances.length];
      if (inst.up) {
        inst.inFlight++;
        return inst;
      }
    }
    return undefined;
  }, 300_000, 50);
}

export class Session {
  private cookie = "";
  constructor(
    readonly email: string,
    private readonly password: string,
    private readonly instances: Instance[],
    readonly origin: string,
  ) {}

  /** One request, its body read completely before the instance stops counting it as in flight. */
  private async raw(path: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; text: string; setCookies: string[] }> {
    const inst = await pickInstance(this.instances);
    try {
      const r = await fetch(`${inst.url}${path}`, {
        method: init.method ?? "GET",
        body: init.body,
        redirect: "manual",
        // The Origin must name the host the request goes to (proxy.ts compares it with Host).
        headers: { Origin: inst.url, ...(this.cookie ? { Cookie: this.cookie } : {}), ...init.headers },
        signal: AbortSignal.timeout(120_000),
      });
      return { status: r.status, text: await r.text(), setCookies: r.headers.getSetCookie() };
    } finally {
      inst.inFlight--;
    }
  }

  private keepCookies(r: { setCookies: string[] }) {
    const jar = new Map(this.cookie ? this.cookie.split("; ").map((c) => [c.split("=")[0], c] as const) : []);
    for (const set of r.setCookies) {
      const pair = set.split(";")[0];
      jar.set(pair.split("=")[0], pair);
    }
    this.cookie = [...jar.values()].join("; ");
  }

  async signIn(): Promise<void> {
    const csrf = await this.raw("/api/auth/csrf");
    this.keepCookies(csrf);
    const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
    const form = new URLSearchParams({ csrfToken, email: this.email, password: this.password, callbackUrl: `${this.origin}/` });
    const r = await this.raw("/api/auth/callback/credentials", { method: "POST", body: form.toString(), headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    this.keepCookies(r);
    if (!/session-token=/.test(this.cookie)) throw new Error(`sign-in of ${this.email} failed (${r.status})`);
  }

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const r = await this.raw(path, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: body === undefined ? {} : { "Content-Type": "application/json" } });
    const parsed: unknown = r.text ? JSON.parse(r.text) : null;
    if (r.status >= 400) throw new ApiError(r.status, parsed, `${method} ${path}`);
    return parsed as T;
  }
}

/** The emulator's API and control API (the customer's card, the Dashboard, the card network). */
export class Emulator {
  constructor(readonly url: string) {}
  async call<T>(method: string, path: string, body?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<T> {
    const r = await fetch(`${this.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${EMULATOR_KEY}`, ...(body ? { "Content-Type": "application/json" } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(120_000),
    });
    const text = await r.text();
    const parsed: unknown = text ? JSON.parse(text) : null;
    if (r.status >= 400) throw new ApiError(r.status, parsed, `emulator ${method} ${path}`);
    return parsed as T;
  }
  /** Form-encoded /v1 call (the Stripe API shape). */
  async v1<T>(method: string, path: string, params: Record<string, string> = {}, account?: string): Promise<T> {
    const r = await fetch(`${this.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${EMULATOR_KEY}`, "Content-Type": "application/x-www-form-urlencoded", ...(account ? { "Stripe-Account": account } : {}) },
      body: method === "GET" ? undefined : new URLSearchParams(params).toString(),
      signal: AbortSignal.timeout(120_000),
    });
    const parsed: unknown = await r.json();
    if (r.status >= 400) throw new ApiError(r.status, parsed, `emulator ${method} ${path}`);
    return parsed as T;
  }
}
