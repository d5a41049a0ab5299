import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import { startEmulator, type RunningEmulator } from '../index.js';

export interface Received { raw: string; signature: string; event: Stripe.Event }

/** A local webhook receiver (node:http) recording raw bodies and signatures. */
export class Receiver {
  readonly received: Received[] = [];
  failNext = 0;
  delayMs = 0;
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const finish = (): void => {
          if (this.failNext > 0) { this.failNext--; res.writeHead(500); res.end('fail'); return; }
          const event: Stripe.Event = JSON.parse(raw);
          this.received.push({ raw, signature: String(req.headers['stripe-signature'] ?? ''), event });
          res.writeHead(200); res.end('ok');
        };
        if (this.delayMs > 0) setTimeout(finish, this.delayMs); else finish();
      });
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', () => r()));
    const addr = this.server.address();
    this.url = `http://127.0.0.1:${(addr as AddressInfo).port}/webhooks`; // AddressInfo: listening on TCP, never a pipe
  }

  types(): string[] {
    return this.received.map((r) => r.event.type);
  }

  clear(): void {
    this.received.splice(0);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server?.close(() => r()));
  }
}

export const WEBHOOK_SECRET = 'whsec_test_platform_secret';
export const CONNECT_SECRET = 'whsec_test_connect_secret';

export interface Harness {
  emulator: RunningEmulator;
  receiver: Receiver;
  stripe: Stripe;
  key: string;
  control<T = Record<string, unknown>>(method: string, path: string, body?: Record<string, unknown>, key?: string): Promise<T>;
  clientFor(key: string): Stripe;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const receiver = new Receiver();
  await receiver.start();
  const emulator = await startEmulator({ port: 0, deliveryMode: 'sync', webhookUrl: receiver.url, webhookSecret: WEBHOOK_SECRET, connectWebhookSecret: CONNECT_SECRET, quiet: true });
  const clientFor = (key: string): Stripe => new Stripe(key, { host: '127.0.0.1', port: emulator.port, protocol: 'http', telemetry: false, maxNetworkRetries: 0 });
  const key = `sk_test_${randomBytes(8).toString('hex')}`;
  const stripe = clientFor(key);
  const control = async <T>(method: string, path: string, body?: Record<string, unknown>, k = key): Promise<T> => {
    const res = await fetch(`${emulator.url}${path}`, { method, headers: { Authorization: `Bearer ${k}`, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    const parsed: T = await res.json();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${JSON.stringify(parsed)}`);
    return parsed;
  };
  return { emulator, receiver, stripe, key, control, clientFor, close: async () => { await emulator.close(); await receiver.stop(); } };
}

/** Creates an express account and onboards it through the control API. */
export async function onboardedAccount(h: Harness): Promise<Stripe.Account> {
  const acct = await h.stripe.accounts.create({ type: 'express', country: 'US', email: 'seller@example.com', capabilities: { card_payments: { requested: true }, transfers: { requested: true } } });
  await h.control('POST', `/_emu/accounts/${acct.id}/onboard`, { outcome: 'complete' });
  return h.stripe.accounts.retrieve(acct.id);
}

/** Awaits a rejected SDK call and returns the StripeError (fails the test if it resolved). */
export async function stripeError(p: Promise<unknown>): Promise<InstanceType<typeof Stripe.errors.StripeError>> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Stripe.errors.StripeError) return e;
    throw e;
  }
  throw new Error('expected the Stripe call to fail');
}

/** Verifies every received webhook with the SDK's constructEvent (platform vs connect secret). */
export function verifyAll(stripe: Stripe, received: Received[]): number {
  for (const r of received) {
    const secret = r.event.account ? CONNECT_SECRET : WEBHOOK_SECRET;
    stripe.webhooks.constructEvent(r.raw, r.signature, secret);
  }
  return received.length;
}

export const LINE_ITEM = { price_data: { currency: 'usd', unit_amount: 10000, product_data: { name: 'Handmade mug' } }, quantity: 1 };

/** The id of an event's data.object (every object the emulator emits has one, except balance). */
export function objectId(e: Stripe.Event): string | undefined {
  const o = e.data.object;
  return 'id' in o && typeof o.id === 'string' ? o.id : undefined;
}
