import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Clock } from '../clock.js';
import type { Delivery, EmuEvent, Tenant } from '../store.js';
import { signPayload } from './sign.js';

export const RETRY_SCHEDULE_SECONDS = [5, 30, 120, 600, 3600, 6 * 3600];

export interface Target { endpointId: string; url: string; secret: string; apiVersion: string | null }
export interface HttpOutcome { status: number | null; error: string | null }

export function postWebhook(url: string, body: string, signature: string, timeoutMs: number): Promise<HttpOutcome> {
  return new Promise((resolve) => {
    let u: URL;
    try { u = new URL(url); } catch { resolve({ status: null, error: 'invalid url' }); return; }
    const fn = u.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = fn(u, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        'Stripe-Signature': signature,
        'Content-Length': Buffer.byteLength(body),
      },
      timeout: timeoutMs,
    }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? null, error: null }));
    });
    req.on('timeout', () => { req.destroy(); resolve({ status: null, error: 'timeout' }); });
    req.on('error', (e) => resolve({ status: null, error: e.message }));
    req.end(body);
  });
}

/** Delivers webhooks for one tenant: immediate (sync/flush), ordered async queue, retries on the clock. */
export class Deliverer {
  private queue: Delivery[] = [];
  private running = false;
  private idle: (() => void)[] = [];

  constructor(
    private readonly tenant: Tenant,
    private readonly clock: Clock,
    private readonly timeoutMs: number,
    private readonly targetFor: (d: Delivery) => Target | undefined,
  ) {}

  enqueue(d: Delivery): void {
    this.queue.push(d);
  }

  /** Attempts every queued delivery now, honouring chaos switches. */
  get busy(): boolean {
    return this.running;
  }

  async drain(): Promise<void> {
    while (this.running) {
      await new Promise<void>((r) => this.idle.push(r));
      if (this.queue.length === 0) return;
    }
    this.running = true;
    try {
      while (this.queue.length > 0) {
        let batch = this.queue.splice(0, this.queue.length);
        const cfg = this.tenant.webhookConfig;
        if (cfg.shuffle) batch = batch.map((d) => ({ d, r: Math.random() })).sort((a, b) => a.r - b.r).map((x) => x.d);
        for (const d of batch) {
          if (cfg.delay_ms > 0) await new Promise((r) => setTimeout(r, cfg.delay_ms));
          await this.attempt(d);
          if (cfg.duplicate) await this.attempt(d, true);
        }
      }
    } finally {
      this.running = false;
      const waiters = this.idle.splice(0);
      for (const w of waiters) w();
    }
  }

  private event(d: Delivery): EmuEvent | undefined {
    return this.tenant.events.get(d.event_id);
  }

  async attempt(d: Delivery, duplicate = false): Promise<void> {
    const event = this.event(d);
    const target = this.targetFor(d);
    if (!event || !target) { d.status = 'failed'; d.last_error = 'endpoint removed'; return; }
    const body = JSON.stringify(target.apiVersion ? forVersion(event, target.apiVersion) : event, null, 2);
    const t = Math.floor(Date.now() / 1000);
    const signature = signPayload(body, target.secret, t);
    let outcome: HttpOutcome;
    if (!duplicate && d.attempts < this.tenant.webhookConfig.fail_first_n) {
      outcome = { status: 500, error: 'chaos: fail_first_n' };
    } else {
      outcome = await postWebhook(target.url, body, signature, this.timeoutMs);
    }
    if (duplicate) { d.history.push({ at: this.clock.now(), status: outcome.status, error: outcome.error, signature }); return; }
    d.attempts++;
    d.last_status = outcome.status;
    d.last_error = outcome.error;
    d.history.push({ at: this.clock.now(), status: outcome.status, error: outcome.error, signature });
    const ok = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
    if (ok) {
      d.status = 'delivered';
      d.next_attempt_at = null;
      event.pending_webhooks = Math.max(0, event.pending_webhooks - 1);
      return;
    }
    const delay = RETRY_SCHEDULE_SECONDS[d.attempts - 1];
    if (delay === undefined) { d.status = 'failed'; d.next_attempt_at = null; return; }
    d.status = 'retrying';
    d.next_attempt_at = this.clock.now() + delay;
    this.clock.schedule(d.next_attempt_at, `webhook retry ${d.id}`, () => {
      if (d.status !== 'retrying') return;
      this.enqueue(d);
    });
  }

  /** Pending retries that are due now are re-queued by the clock; flush delivers them immediately. */
  async flushAll(): Promise<void> {
    for (const d of this.tenant.deliveries) {
      if (d.status === 'retrying' || d.status === 'pending') {
        if (!this.queue.includes(d)) this.queue.push(d);
        d.status = 'pending';
      }
    }
    await this.drain();
  }
}

const DAHLIA = '2026-03-25';

/** Renders an event for an endpoint pinned to an older API version (legacy Checkout ui_mode names). */
export function forVersion(event: EmuEvent, apiVersion: string): EmuEvent {
  const obj = event.data.object;
  if (apiVersion >= DAHLIA || typeof obj !== 'object' || obj === null || Array.isArray(obj) || obj.object !== 'checkout.session') return { ...event, api_version: apiVersion };
  const ui = obj.ui_mode;
  if (typeof ui !== 'string') return { ...event, api_version: apiVersion };
  return { ...event, api_version: apiVersion, data: { ...event.data, object: { ...obj, ui_mode: ui.replace(/_page$/, '') } } };
}
