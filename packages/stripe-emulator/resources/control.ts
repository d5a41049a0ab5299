import type { Ctx, Result } from '../context.js';
import { json } from '../context.js';
import { invalid, notFound } from '../errors.js';
import { api, type Route } from '../routes.js';
import { objResult } from './list.js';
import { authenticate } from './authenticate.js';

/** Emulator-only control API (§10), same auth as the API; acts on the caller's tenant. */
function config(ctx: Ctx): Result {
  const p = ctx.params;
  const c = ctx.tenant.webhookConfig;
  const mode = p.enumOf('mode', ['sync', 'async'] as const);
  if (mode) c.mode = mode;
  const shuffle = p.bool('shuffle'); if (shuffle !== undefined) c.shuffle = shuffle;
  const duplicate = p.bool('duplicate'); if (duplicate !== undefined) c.duplicate = duplicate;
  const delay = p.int('delay_ms'); if (delay !== undefined) c.delay_ms = delay;
  const fail = p.int('fail_first_n'); if (fail !== undefined) c.fail_first_n = fail;
  return json({ ...c });
}

export const controlRoutes: Route[] = [
  api('GET', '/_emu/tenant', (ctx) => json({ account: ctx.tenant.platformId, client_id: ctx.tenant.clientId, publishable_key: ctx.tenant.publishableKey, webhook_secret: ctx.emu.webhookSecretFor(ctx.tenant), connect_webhook_secret: ctx.emu.config.webhookUrl ? ctx.emu.config.connectWebhookSecret : ctx.emu.webhookSecretFor(ctx.tenant), api_version: ctx.emu.config.apiVersion, public_url: ctx.publicUrl, now: ctx.now() })),
  api('POST', '/_emu/reset', (ctx) => { ctx.emu.reset(ctx.tenant); return json({ reset: true }); }),
  api('GET', '/_emu/clock', (ctx) => json({ now: ctx.now() })),
  api('POST', '/_emu/clock/advance', async (ctx) => {
    const seconds = ctx.params.int('seconds') ?? 0;
    if (seconds < 0) throw invalid('seconds must be >= 0', 'parameter_invalid_integer', 'seconds');
    ctx.emu.clock.advance(seconds);
    const ran = await ctx.emu.tick();
    return json({ now: ctx.now(), tasks_run: ran });
  }),
  api('GET', '/_emu/requests', (ctx) => {
    const since = ctx.params.int('since');
    return json({ object: 'list', data: ctx.tenant.requests.filter((r) => since === undefined || r.created >= since) });
  }),
  api('DELETE', '/_emu/requests', (ctx) => { ctx.tenant.requests.splice(0); return json({ cleared: true }); }),
  api('GET', '/_emu/deliveries', (ctx) => {
    const ev = ctx.params.str('event');
    const type = ctx.params.str('type');
    return json({ object: 'list', data: ctx.tenant.deliveries.filter((d) => (!ev || d.event_id === ev) && (!type || d.event_type === type)) });
  }),
  api('POST', '/_emu/webhooks/flush', async (ctx) => { await ctx.emu.flush(ctx.tenant); return json({ pending: ctx.tenant.deliveries.filter((d) => d.status !== 'delivered').length }); }),
  api('POST', '/_emu/webhooks/config', config),
  api('GET', '/_emu/webhooks/config', (ctx) => json({ ...ctx.tenant.webhookConfig })),
  api('POST', '/_emu/events/:id/resend', async (ctx) => {
    const e = ctx.tenant.events.get(ctx.param('id'));
    if (!e) throw notFound('event', ctx.param('id'));
    ctx.emu.route(ctx.tenant, e);
    return json(e);
  }),
  api('POST', '/_emu/faults', (ctx) => {
    const p = ctx.params;
    const path = p.str('path');
    if (!path) { ctx.tenant.faults = []; return json({ faults: [] }); }
    ctx.tenant.faults.push({ path, status: p.int('status') ?? 500, times: p.int('times') ?? 1 });
    return json({ faults: ctx.tenant.faults });
  }),
  api('POST', '/_emu/payment_intents/:id/authenticate', (ctx) => objResult(ctx, authenticate(ctx, ctx.param('id'), ctx.params.str('success') !== 'false').intent)),
  api('POST', '/_emu/setup_intents/:id/authenticate', (ctx) => objResult(ctx, authenticate(ctx, ctx.param('id'), ctx.params.str('success') !== 'false').intent)),
  api('DELETE', '/_emu/faults', (ctx) => { ctx.tenant.faults = []; return json({ faults: [] }); }),
];
