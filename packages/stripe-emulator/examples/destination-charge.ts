/**
 * Plain Node script: drives a running emulator with the real `stripe` SDK through a destination charge.
 *
 *   npm run stripe:emulator &                    # or any running emulator
 *   npx tsx packages/stripe-emulator/examples/destination-charge.ts
 *
 * Env: STRIPE_EMULATOR_URL (default http://127.0.0.1:12111), STRIPE_SECRET_KEY (default a fresh sk_test_ tenant).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';

const base = new URL(process.env.STRIPE_EMULATOR_URL ?? 'http://127.0.0.1:12111');
const key = process.env.STRIPE_SECRET_KEY ?? `sk_test_example_${randomBytes(4).toString('hex')}`;
const stripe = new Stripe(key, { host: base.hostname, port: Number(base.port || 80), protocol: 'http', telemetry: false });

async function control<T>(method: string, path: string, body?: object): Promise<T> {
  const res = await fetch(new URL(path, base), { method, headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  const parsed: T = await res.json();
  return parsed;
}

// 1. A local endpoint that receives signed webhooks.
let resolveCompleted: (e: Stripe.Event) => void = () => undefined;
const completed = new Promise<Stripe.Event>((r) => { resolveCompleted = r; });
let endpointSecret = '';
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    try {
      const event = stripe.webhooks.constructEvent(Buffer.concat(chunks).toString('utf8'), String(req.headers['stripe-signature']), endpointSecret);
      if (event.type === 'checkout.session.completed') resolveCompleted(event);
      res.writeHead(200).end();
    } catch (e) {
      res.writeHead(400).end(String(e));
    }
  });
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
const { port } = server.address() as AddressInfo; // a TCP listener always reports an AddressInfo
const endpoint = await stripe.webhookEndpoints.create({ url: `http://127.0.0.1:${port}/webhooks`, enabled_events: ['checkout.session.completed'] });
endpointSecret = String(endpoint.secret); // only returned on create

// 2. Express account, account link, onboarding via the control API.
const account = await stripe.accounts.create({ type: 'express', email: 'seller@example.com', capabilities: { card_payments: { requested: true }, transfers: { requested: true } } });
const link = await stripe.accountLinks.create({ account: account.id, type: 'account_onboarding', refresh_url: 'https://plaza.test/refresh', return_url: 'https://plaza.test/return' });
console.log('onboarding link (open in a browser to do it by hand):', link.url);
await control('POST', `/_emu/accounts/${account.id}/onboard`, { outcome: 'complete' });

// 3. Destination-charge Checkout Session with an application fee, completed as the customer would.
const session = await stripe.checkout.sessions.create({
  mode: 'payment',
  success_url: 'https://plaza.test/success?session_id={CHECKOUT_SESSION_ID}',
  cancel_url: 'https://plaza.test/cart',
  line_items: [{ price_data: { currency: 'usd', unit_amount: 10_000, product_data: { name: 'Handmade mug' } }, quantity: 1 }],
  payment_intent_data: { application_fee_amount: 1_000, transfer_data: { destination: account.id } },
});
console.log('hosted checkout page:', session.url);
await control('POST', `/_emu/checkout/sessions/${session.id}/complete`, { card: '4242424242424242', email: 'buyer@example.com' });

const event = await Promise.race([completed, new Promise<never>((_, rej) => setTimeout(() => rej(new Error('no webhook within 10 s')), 10_000))]);
console.log('received signed', event.type, event.id);

// 4. Balances: platform keeps fee − Stripe fee; the seller gets amount − fee (pending for 2 days).
const platform = await stripe.balance.retrieve();
const seller = await stripe.balance.retrieve({}, { stripeAccount: account.id });
console.log('platform balance', { available: platform.available[0].amount, pending: platform.pending[0].amount });
console.log('seller balance  ', { available: seller.available[0].amount, pending: seller.pending[0].amount });
await control('POST', '/_emu/clock/advance', { seconds: 2 * 86_400 + 1 });
const later = await stripe.balance.retrieve({}, { stripeAccount: account.id });
console.log('seller after 2 days', { available: later.available[0].amount, pending: later.pending[0].amount });
server.close();
