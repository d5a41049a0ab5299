import type Stripe from 'stripe';
import type { Ctx, Result } from '../context.js';
import { json } from '../context.js';
import { invalid, notFound } from '../errors.js';
import { base62 } from '../ids.js';
import { webhookEndpoint } from '../objects.js';
import { mergeMetadata } from '../params.js';
import { api, type Route } from '../routes.js';
import type { EmuEvent } from '../store.js';
import { createdFilter, listResult } from './list.js';

function visible(ctx: Ctx, e: EmuEvent): boolean {
  return ctx.isPlatform ? !e.account : e.account === ctx.account;
}

function createEndpoint(ctx: Ctx): Result {
  const t = ctx.tenant;
  const p = ctx.params.allow('url', 'enabled_events', 'connect', 'api_version', 'description', 'metadata');
  const url = p.reqStr('url');
  if (!/^https?:\/\//.test(url)) throw invalid('Invalid URL: URL must be publicly accessible or use http(s).', 'url_invalid', 'url');
  const enabled = p.strArr('enabled_events');
  if (!enabled || enabled.length === 0) throw invalid('Missing required param: enabled_events.', 'parameter_missing', 'enabled_events');
  const secret = `whsec_${base62(32)}`;
  const ep = webhookEndpoint(t.newId('we'), ctx.now(), { url, enabled_events: enabled, api_version: p.str('api_version') ?? null, description: p.str('description') ?? null, metadata: mergeMetadata(null, p.metadata()) });
  t.endpoints.set(ep.id, { endpoint: ep, secret, connect: p.bool('connect') ?? false, owner: ctx.account });
  t.all.set(ep.id, ep);
  t.owner.set(ep.id, ctx.account);
  return json({ ...ep, secret });
}

function endpointFor(ctx: Ctx): Stripe.WebhookEndpoint {
  const rec = ctx.tenant.endpoints.get(ctx.param('id'));
  if (!rec) throw notFound('webhook_endpoint', ctx.param('id'));
  return rec.endpoint;
}

export const eventRoutes: Route[] = [
  api('GET', '/v1/events', (ctx) => {
    const p = ctx.params;
    const type = p.str('type');
    const types = p.strArr('types');
    const created = createdFilter(ctx);
    const match = (e: EmuEvent): boolean => {
      if (types && !types.includes(e.type)) return false;
      if (!type) return true;
      if (type.endsWith('*')) return e.type.startsWith(type.slice(0, -1));
      return e.type === type;
    };
    const cutoff = ctx.now() - 30 * 86400;
    return listResult(ctx, [...ctx.tenant.events.values()].filter((e) => visible(ctx, e) && match(e) && created(e) && e.created >= cutoff), '/v1/events');
  }),
  api('GET', '/v1/events/:id', (ctx) => {
    const e = ctx.tenant.events.get(ctx.param('id'));
    if (!e || !visible(ctx, e)) throw notFound('event', ctx.param('id'));
    return json(e);
  }),
  api('POST', '/v1/webhook_endpoints', createEndpoint),
  api('GET', '/v1/webhook_endpoints', (ctx) => listResult(ctx, [...ctx.tenant.endpoints.values()].map((r) => r.endpoint), '/v1/webhook_endpoints')),
  api('GET', '/v1/webhook_endpoints/:id', (ctx) => json(endpointFor(ctx))),
  api('POST', '/v1/webhook_endpoints/:id', (ctx) => {
    const ep = endpointFor(ctx);
    const p = ctx.params.allow('url', 'enabled_events', 'description', 'disabled', 'metadata');
    ep.url = p.str('url') ?? ep.url;
    ep.enabled_events = p.strArr('enabled_events') ?? ep.enabled_events;
    if (p.has('description')) ep.description = p.str('description') ?? null;
    const disabled = p.bool('disabled');
    if (disabled !== undefined) ep.status = disabled ? 'disabled' : 'enabled';
    if (p.raw.metadata !== undefined) ep.metadata = mergeMetadata(ep.metadata, p.metadata());
    return json(ep);
  }),
  api('DELETE', '/v1/webhook_endpoints/:id', (ctx) => {
    const ep = endpointFor(ctx);
    ctx.tenant.endpoints.delete(ep.id);
    return json({ id: ep.id, object: 'webhook_endpoint', deleted: true });
  }),
];
