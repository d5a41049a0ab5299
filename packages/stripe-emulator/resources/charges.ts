import type { Result, Ctx } from '../context.js';
import { mergeMetadata } from '../params.js';
import { api, type Route } from '../routes.js';
import { createdFilter, listResult, objResult } from './list.js';
import { owned, ownedValues } from './lookup.js';

function update(ctx: Ctx): Result {
  const ch = owned(ctx, ctx.tenant.charges, ctx.param('id'), 'charge');
  const p = ctx.params.allow('metadata', 'description', 'receipt_email');
  const prev: Record<string, unknown> = {};
  if (p.raw.metadata !== undefined) { prev.metadata = ch.metadata; ch.metadata = mergeMetadata(ch.metadata, p.metadata()); }
  if (p.raw.description !== undefined) { prev.description = ch.description; ch.description = p.str('description') ?? null; }
  ctx.emit('charge.updated', ch, ctx.account, JSON.parse(JSON.stringify(prev)));
  return objResult(ctx, ch);
}

export const chargeRoutes: Route[] = [
  api('GET', '/v1/charges', (ctx) => {
    const pi = ctx.params.str('payment_intent');
    const customer = ctx.params.str('customer');
    const tg = ctx.params.str('transfer_group');
    const created = createdFilter(ctx);
    return listResult(ctx, ownedValues(ctx, ctx.tenant.charges).filter((c) => (!pi || c.payment_intent === pi) && (!customer || c.customer === customer) && (!tg || c.transfer_group === tg) && created(c)), '/v1/charges');
  }),
  api('GET', '/v1/charges/:id', (ctx) => objResult(ctx, owned(ctx, ctx.tenant.charges, ctx.param('id'), 'charge'))),
  api('POST', '/v1/charges/:id', update),
  api('GET', '/v1/charges/:id/refunds', (ctx) => {
    const ch = owned(ctx, ctx.tenant.charges, ctx.param('id'), 'charge');
    return listResult(ctx, ownedValues(ctx, ctx.tenant.refunds).filter((r) => r.charge === ch.id), `/v1/charges/${ch.id}/refunds`);
  }),
];
