import type Stripe from 'stripe';
import { createHash } from 'node:crypto';
import type { CardBehaviour } from './cards.js';
import type { Json } from './json.js';
import { base62, newId } from './ids.js';

/** Event as emitted by the emulator (structurally a Stripe.Event; `type` checked against the SDK union). */
export interface EmuEvent {
  id: string;
  object: 'event';
  account?: string;
  api_version: string;
  created: number;
  data: { object: Json; previous_attributes?: Json };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null } | null;
  type: Stripe.Event.Type;
}

export interface Delivery {
  id: string;
  event_id: string;
  event_type: string;
  endpoint: string;
  url: string;
  account: string | null;
  attempts: number;
  status: 'pending' | 'delivered' | 'failed' | 'retrying';
  last_status: number | null;
  last_error: string | null;
  next_attempt_at: number | null;
  history: { at: number; status: number | null; error: string | null; signature: string }[];
}

export interface EndpointRecord { endpoint: Stripe.WebhookEndpoint; secret: string; connect: boolean; owner: string }

export interface IdempotencyRecord {
  fingerprint: string;
  inFlight: boolean;
  status: number;
  body: string;
  requestId: string;
  createdAt: number;
}

export interface RequestLogEntry {
  id: string;
  method: string;
  path: string;
  account: string | null;
  headers: Record<string, string>;
  params: Json;
  status: number;
  body: Json;
  created: number;
}

export interface PaymentIntentExtra { token: string; sessionId?: string; authenticated: boolean; offSession: boolean; returnUrl?: string }
export interface LinkToken { account: string; type: string; refresh_url: string; return_url: string; expires_at: number; used: boolean }
export interface OAuthCode { account: string; scope: string; expires_at: number; used: boolean }
export interface WebhookConfig { mode: 'sync' | 'async'; shuffle: boolean; duplicate: boolean; delay_ms: number; fail_first_n: number }
export interface Fault { path: string; status: number; times: number }

export class Tenant {
  readonly platformId: string;
  readonly clientId: string;
  readonly publishableKey: string;
  readonly defaultWebhookSecret: string;
  /** Every stored API object by id (same references as the typed maps). */
  readonly all = new Map<string, object>();
  readonly owner = new Map<string, string>();
  readonly accounts = new Map<string, Stripe.Account>();
  readonly customers = new Map<string, Stripe.Customer>();
  readonly deletedCustomers = new Set<string>();
  readonly paymentMethods = new Map<string, Stripe.PaymentMethod>();
  readonly pmCards = new Map<string, CardBehaviour>();
  readonly authenticatedPMs = new Set<string>();
  readonly setupIntents = new Map<string, Stripe.SetupIntent>();
  readonly paymentIntents = new Map<string, Stripe.PaymentIntent>();
  readonly intentExtra = new Map<string, PaymentIntentExtra>();
  readonly charges = new Map<string, Stripe.Charge>();
  readonly refunds = new Map<string, Stripe.Refund>();
  readonly transfers = new Map<string, Stripe.Transfer>();
  readonly reversals = new Map<string, Stripe.TransferReversal>();
  readonly appFees = new Map<string, Stripe.ApplicationFee>();
  readonly feeRefunds = new Map<string, Stripe.FeeRefund>();
  readonly balanceTxns = new Map<string, Stripe.BalanceTransaction>();
  readonly payouts = new Map<string, Stripe.Payout>();
  readonly sessions = new Map<string, Stripe.Checkout.Session>();
  readonly sessionItems = new Map<string, Stripe.LineItem[]>();
  readonly disputes = new Map<string, Stripe.Dispute>();
  readonly capabilities = new Map<string, Stripe.Capability>();
  readonly bankAccounts = new Map<string, Stripe.BankAccount>();
  readonly files = new Map<string, Stripe.File>();
  readonly products = new Map<string, Stripe.Product>();
  readonly prices = new Map<string, Stripe.Price>();
  readonly events = new Map<string, EmuEvent>();
  readonly endpoints = new Map<string, EndpointRecord>();
  readonly deliveries: Delivery[] = [];
  readonly linkTokens = new Map<string, LinkToken>();
  readonly loginTokens = new Map<string, string>();
  readonly oauthCodes = new Map<string, OAuthCode>();
  readonly refreshTokens = new Map<string, string>();
  readonly connectedViaOAuth = new Set<string>();
  readonly idempotency = new Map<string, IdempotencyRecord>();
  readonly requests: RequestLogEntry[] = [];
  faults: Fault[] = [];
  webhookConfig: WebhookConfig;

  constructor(readonly key: string, defaultMode: 'sync' | 'async') {
    const h = createHash('sha256').update(key).digest('hex');
    this.platformId = `acct_1${h.slice(0, 15)}`;
    this.clientId = `ca_${h.slice(16, 48)}`;
    this.publishableKey = `pk_test_${h.slice(0, 40)}`;
    this.defaultWebhookSecret = `whsec_${h.slice(24, 56)}`;
    this.webhookConfig = { mode: defaultMode, shuffle: false, duplicate: false, delay_ms: 0, fail_first_n: 0 };
  }

  put<T extends { id: string }>(map: Map<string, T>, obj: T, owner: string): T {
    map.set(obj.id, obj);
    this.all.set(obj.id, obj);
    this.owner.set(obj.id, owner);
    return obj;
  }

  newId(prefix: string): string {
    let id = newId(prefix);
    while (this.all.has(id)) id = newId(prefix);
    return id;
  }

  token(): string {
    return base62(32);
  }
}
