import type Stripe from 'stripe';
import type { Ctx, Result } from '../context.js';
import { json } from '../context.js';
import { customer } from '../objects.js';
import { mergeMetadata } from '../params.js';
import { api, type Route } from '../routes.js';
import { listResult, objResult } from './list.js';
import { owned, ownedValues } from './lookup.js';
import { attachPaymentMethod, resolvePaymentMethod } from './payment_methods.js';

const FIELDS = ['email', 'name', 'description', 'phone', 'metadata', 'payment_method', 'invoice_settings', 'address', 'shipping', 'preferred_locales', 'test_clock', 'tax_exempt', 'source'];

function parse(ctx: Ctx): Stripe.CustomerCreateParams {
  const p = ctx.params.allow(...FIELDS);
  const inv = p.obj('invoice_settings');
  return {
    email: p.str('email'), name: p.str('name'), description: p.str('description'), phone: p.str('phone'),
    metadata: p.metadata() ?? undefined, payment_method: p.str('payment_method'),
    invoice_settings: inv ? { default_payment_method: inv.str('default_payment_method') } : undefined,
  };
}

export function createCustomer(ctx: Ctx, params: Stripe.CustomerCreateParams): Stripe.Customer {
  const t = ctx.tenant;
  const c = t.put(t.customers, customer(t.newId('cus'), ctx.now(), {
    email: params.email ?? null, name: params.name ?? null, description: params.description ?? null, phone: params.phone ?? null,
    metadata: mergeMetadata(null, typeof params.metadata === 'object' && params.metadata ? toStrings(params.metadata) : undefined),
  }), ctx.account);
  ctx.emit('customer.created', c);
  if (params.payment_method) {
    const pm = resolvePaymentMethod(ctx, params.payment_method);
    attachPaymentMethod(ctx, pm, c.id);
  }
  const dpm = params.invoice_settings?.default_payment_method;
  if (dpm) c.invoice_settings.default_payment_method = dpm;
  return c;
}

function toStrings(m: Stripe.MetadataParam): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m)) out[k] = String(v);
  return out;
}

function update(ctx: Ctx): Result {
  const c = owned(ctx, ctx.tenant.customers, ctx.param('id'), 'customer');
  const p = ctx.params.allow(...FIELDS);
  const before = { email: c.email, name: c.name, metadata: c.metadata, invoice_settings: { ...c.invoice_settings }, description: c.description, phone: c.phone };
  const previous: Record<string, unknown> = {};
  if (p.raw.email !== undefined) { previous.email = c.email; c.email = p.str('email') ?? null; }
  if (p.raw.name !== undefined) { previous.name = c.name; c.name = p.str('name') ?? null; }
  if (p.raw.description !== undefined) { previous.description = c.description; c.description = p.str('description') ?? null; }
  if (p.raw.phone !== undefined) { previous.phone = c.phone; c.phone = p.str('phone') ?? null; }
  if (p.raw.metadata !== undefined) { previous.metadata = before.metadata; c.metadata = mergeMetadata(c.metadata, p.metadata()); }
  const inv = p.obj('invoice_settings');
  if (inv && inv.raw.default_payment_method !== undefined) {
    previous.invoice_settings = before.invoice_settings;
    const pmId = inv.str('default_payment_method') ?? null;
    if (pmId) owned(ctx, ctx.tenant.paymentMethods, pmId, 'payment_method', 'invoice_settings[default_payment_method]');
    c.invoice_settings.default_payment_method = pmId;
  }
  ctx.emit('customer.updated', c, ctx.account, JSON.parse(JSON.stringify(previous)));
  return objResult(ctx, c);
}

function del(ctx: Ctx): Result {
  const c = owned(ctx, ctx.tenant.customers, ctx.param('id'), 'customer');
  ctx.tenant.customers.delete(c.id);
  ctx.tenant.all.delete(c.id);
  ctx.tenant.deletedCustomers.add(c.id);
  ctx.emit('customer.deleted', c);
  return json({ id: c.id, object: 'customer', deleted: true });
}

export const customerRoutes: Route[] = [
  api('POST', '/v1/customers', (ctx) => objResult(ctx, createCustomer(ctx, parse(ctx)))),
  api('GET', '/v1/customers', (ctx) => {
    const email = ctx.params.str('email');
    return listResult(ctx, ownedValues(ctx, ctx.tenant.customers).filter((c) => !email || c.email === email), '/v1/customers');
  }),
  api('GET', '/v1/customers/:id', (ctx) => {
    const id = ctx.param('id');
    if (ctx.tenant.deletedCustomers.has(id) && ctx.tenant.owner.get(id) === ctx.account) {
      const deleted: Stripe.DeletedCustomer = { id, object: 'customer', deleted: true };
      return json(deleted);
    }
    return objResult(ctx, owned(ctx, ctx.tenant.customers, id, 'customer'));
  }),
  api('POST', '/v1/customers/:id', update),
  api('DELETE', '/v1/customers/:id', del),
];
