import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { ROUTE_PARAM_TYPES } from '../validation/route-types.js';
import { generateSchemas, SCHEMA_FORMAT, type JsonSchema } from './tsschema.js';

/**
 * Test-time JSON Schema generation from the installed stripe package's .d.ts (§11, TypeScript compiler API), restricted to the types the
 * emulator serves. Output is cached in os.tmpdir() keyed by stripe version + type list; nothing is committed.
 */
export const RESOURCE_TYPES: Record<string, string> = {
  account: 'Account', application_fee: 'ApplicationFee', balance: 'Balance', balance_transaction: 'BalanceTransaction',
  bank_account: 'BankAccount', capability: 'Capability', charge: 'Charge', 'checkout.session': 'CheckoutSession',
  customer: 'Customer', dispute: 'Dispute', fee_refund: 'FeeRefund', item: 'LineItem', payment_intent: 'PaymentIntent',
  payment_method: 'PaymentMethod', payout: 'Payout', refund: 'Refund', setup_intent: 'SetupIntent', transfer: 'Transfer',
  transfer_reversal: 'TransferReversal', webhook_endpoint: 'WebhookEndpoint', account_link: 'AccountLink', login_link: 'LoginLink',
  application: 'Application', price: 'Price', product: 'Product', file: 'File',
};

export const PARAM_TYPES = [
  'CustomerCreateParams', 'CustomerUpdateParams', 'CustomerListParams', 'PaymentMethodCreateParams', 'PaymentMethodAttachParams',
  'SetupIntentCreateParams', 'SetupIntentConfirmParams', 'PaymentIntentCreateParams', 'PaymentIntentUpdateParams', 'PaymentIntentConfirmParams',
  'PaymentIntentCaptureParams', 'PaymentIntentCancelParams', 'PaymentIntentListParams', 'ChargeListParams', 'RefundCreateParams', 'RefundListParams',
  'TransferCreateParams', 'TransferCreateReversalParams', 'ApplicationFeeCreateRefundParams', 'PayoutCreateParams', 'BalanceTransactionListParams',
  'CheckoutSessionCreateParams', 'CheckoutSessionListParams', 'AccountCreateParams', 'AccountUpdateParams', 'AccountLinkCreateParams',
  'WebhookEndpointCreateParams', 'WebhookEndpointUpdateParams', 'EventListParams', 'DisputeUpdateParams', 'AccountRejectParams',
  'AccountCreateExternalAccountParams', 'AccountUpdateCapabilityParams', 'SetupIntentCancelParams',
];

/** Every params type: the checker's list plus the emulator's strict request validation (one generation, one cache). */
const ALL_PARAM_TYPES = [...new Set([...PARAM_TYPES, ...ROUTE_PARAM_TYPES])];

export interface SchemaBundle { version: string; definitions: Record<string, JsonSchema> }


function stripeRoot(): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve('stripe'));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'OPENAPI_VERSION'))) dir = dirname(dir);
  return dir;
}

function source(stripeEntry: string): string {
  const lines = [`import type Stripe from ${JSON.stringify(stripeEntry)};`];
  for (const name of new Set(Object.values(RESOURCE_TYPES))) {
    lines.push(`export type ${name} = ${name === 'CheckoutSession' ? 'Stripe.Checkout.Session' : `Stripe.${name}`};`);
  }
  for (const p of ALL_PARAM_TYPES) lines.push(`export type ${p} = ${p.startsWith('CheckoutSession') ? `Stripe.Checkout.${p.replace('CheckoutSession', 'Session')}` : `Stripe.${p}`};`);
  lines.push('export interface EventEnvelope { id: string; object: "event"; account?: string; api_version: string | null; context?: string; created: number; data: { object: { [key: string]: unknown }; previous_attributes?: { [key: string]: unknown } }; livemode: boolean; pending_webhooks: number; request: Stripe.Event.Request | null; type: Stripe.Event.Type }');
  return lines.join('\n') + '\n';
}

export function loadSchemas(): SchemaBundle {
  const root = stripeRoot();
  const version: string = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  const entry = join(root, 'esm', 'stripe.esm.node.js');
  const src = source(entry);
  const key = createHash('sha256').update(`${SCHEMA_FORMAT}\n${version}\n${src}`).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), 'plaza-stripe-emulator-schemas');
  const cacheFile = join(dir, `stripe-${version}-${key}.json`);
  if (existsSync(cacheFile)) {
    const cached: SchemaBundle = JSON.parse(readFileSync(cacheFile, 'utf8'));
    return cached;
  }
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `types-${key}-${process.pid}.ts`);
  writeFileSync(file, src);
  const definitions = generateSchemas(file, { strict: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022, skipLibCheck: true, types: [], noEmit: true });
  unlinkSync(file);
  const bundle: SchemaBundle = { version, definitions };
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(bundle));
  renameSync(tmp, cacheFile); // atomic: parallel suites never read a half-written cache

  return bundle;
}
