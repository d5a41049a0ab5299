import type Stripe from 'stripe';
import { Clock } from './clock.js';
import type { ResolvedConfig } from './config.js';
import type { Json } from './json.js';
import { toJson } from './json.js';
import type { Delivery, EmuEvent } from './store.js';
import { Tenant } from './store.js';
import { Deliverer, type Target } from './webhooks/deliver.js';

export interface EmitOptions {
  account?: string;
  previous?: Json;
  request?: { id: string | null; idempotency_key: string | null } | null;
}

/** Process-wide emulator state: tenants, clock, webhook delivery. */
export class Emulator {
  readonly clock = new Clock();
  readonly tenants = new Map<string, Tenant>();
  readonly pkIndex = new Map<string, Tenant>();
  /** Object ids / tokens reachable from browser pages without a key → tenant. */
  readonly pageIndex = new Map<string, Tenant>();
  /** OAuth access tokens → tenant + account. */
  readonly accessTokens = new Map<string, { tenant: Tenant; account: string }>();
  /** Access tokens revoked by `oauth.deauthorize`: Stripe answers 401 api_key_expired for them. */
  readonly revokedTokens = new Set<string>();
  private readonly deliverers = new Map<Tenant, Deliverer>();
  /** Request context for events emitted while handling an API request. */
  currentRequest: { id: string; idempotency_key: string | null } | null = null;
  publicUrl = '';

  constructor(readonly config: ResolvedConfig) {}

  tenant(key: string): Tenant {
    const k = this.config.isolate ? key : 'shared';
    let t = this.tenants.get(k);
    if (!t) {
      t = new Tenant(k, this.config.deliveryMode);
      this.tenants.set(k, t);
      this.pkIndex.set(t.publishableKey, t);
      this.pageIndex.set(t.clientId, t);
    }
    return t;
  }

  webhookSecretFor(t: Tenant): string {
    return this.config.webhookUrl ? this.config.webhookSecret : t.defaultWebhookSecret;
  }

  private deliverer(t: Tenant): Deliverer {
    let d = this.deliverers.get(t);
    if (!d) {
      d = new Deliverer(t, this.clock, this.config.webhookTimeoutMs, (del) => this.target(t, del));
      this.deliverers.set(t, d);
    }
    return d;
  }

  private target(t: Tenant, d: Delivery): Target | undefined {
    if (d.endpoint === 'listen') {
      if (!this.config.webhookUrl) return undefined;
      return { endpointId: 'listen', url: this.config.webhookUrl, secret: d.account ? this.config.connectWebhookSecret : this.config.webhookSecret, apiVersion: null };
    }
    const rec = t.endpoints.get(d.endpoint);
    if (!rec || rec.endpoint.status !== 'enabled') return undefined;
    return { endpointId: rec.endpoint.id, url: rec.endpoint.url, secret: rec.secret, apiVersion: rec.endpoint.api_version };
  }

  /** Creates an event, stores it, and queues deliveries to matching endpoints (§8 routing). */
  emit(t: Tenant, type: Stripe.Event.Type, object: object, opts: EmitOptions = {}): EmuEvent {
    const account = opts.account && opts.account !== t.platformId ? opts.account : undefined;
    const event: EmuEvent = {
      id: t.newId('evt'),
      object: 'event',
      ...(account ? { account } : {}),
      api_version: this.config.apiVersion,
      created: this.clock.now(),
      data: { object: toJson(object), ...(opts.previous !== undefined ? { previous_attributes: opts.previous } : {}) },
      livemode: false,
      pending_webhooks: 0,
      request: opts.request !== undefined ? opts.request : this.currentRequest,
      type,
    };
    t.events.set(event.id, event);
    this.route(t, event);
    return event;
  }

  route(t: Tenant, event: EmuEvent): void {
    const targets: string[] = [];
    if (this.config.webhookUrl) targets.push('listen');
    for (const rec of t.endpoints.values()) {
      if (rec.endpoint.status !== 'enabled') continue;
      if (rec.connect !== Boolean(event.account)) continue;
      const ev = rec.endpoint.enabled_events;
      if (!ev.includes('*') && !ev.includes(event.type)) continue;
      targets.push(rec.endpoint.id);
    }
    for (const endpoint of targets) {
      const d: Delivery = {
        id: t.newId('whd'), event_id: event.id, event_type: event.type, endpoint,
        url: endpoint === 'listen' ? this.config.webhookUrl ?? '' : t.endpoints.get(endpoint)?.endpoint.url ?? '',
        account: event.account ?? null, attempts: 0, status: 'pending', last_status: null, last_error: null, next_attempt_at: null, history: [],
      };
      t.deliveries.push(d);
      event.pending_webhooks++;
      this.deliverer(t).enqueue(d);
    }
  }

  /** After a request: sync mode awaits delivery, async mode delivers in the background. */
  async afterRequest(t: Tenant): Promise<void> {
    const d = this.deliverer(t);
    // A request made by a webhook handler while a delivery is in flight must not wait for that delivery
    // (it would deadlock); the running drain loop picks up the newly queued events in order.
    if (t.webhookConfig.mode === 'sync' && !d.busy) await d.drain();
    else void d.drain();
  }

  async flush(t: Tenant): Promise<void> {
    await this.deliverer(t).flushAll();
  }

  async redeliver(t: Tenant, event: EmuEvent): Promise<void> {
    this.route(t, event);
    await this.afterRequest(t);
  }

  /** Runs due clock work, then delivers the resulting events for every tenant. */
  async tick(): Promise<number> {
    const saved = this.currentRequest;
    this.currentRequest = null; // clock-driven events carry request: null
    let ran: number;
    try {
      ran = await this.clock.runDue();
    } finally {
      this.currentRequest = saved;
    }
    for (const t of this.tenants.values()) await this.afterRequest(t);
    return ran;
  }

  reset(t: Tenant): void {
    this.tenants.delete(t.key);
    this.deliverers.delete(t);
  }
}
