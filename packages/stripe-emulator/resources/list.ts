import type { Ctx, Result } from '../context.js';
import { json } from '../context.js';
import type { JsonObject } from '../json.js';
import { paginate, render } from '../render.js';

/** Renders a Stripe list response with limit / starting_after / ending_before / expand (`data.*`). */
export function listResult<T extends { id: string; created?: number }>(ctx: Ctx, items: T[], url: string): Result {
  const p = ctx.params;
  const { data, has_more } = paginate(items, { limit: p.int('limit'), starting_after: p.str('starting_after'), ending_before: p.str('ending_before') });
  const expand = ctx.expand().filter((e) => e.startsWith('data.')).map((e) => e.slice(5));
  const rendered: JsonObject[] = data.map((o) => render(ctx.tenant, o, expand, ctx.apiVersion));
  return json({ object: 'list', data: rendered, has_more, url });
}

export function objResult(ctx: Ctx, obj: object, status = 200): Result {
  return json(render(ctx.tenant, obj, ctx.expand(), ctx.apiVersion), status);
}

/** Applies `created[gt|gte|lt|lte]` / `created=` filters. */
export function createdFilter(ctx: Ctx): (o: { created?: number }) => boolean {
  const p = ctx.params;
  const exact = p.raw.created;
  if (typeof exact === 'string' && exact !== '') return (o) => o.created === Number(exact);
  const c = p.obj('created');
  if (!c) return () => true;
  const gt = c.int('gt'); const gte = c.int('gte'); const lt = c.int('lt'); const lte = c.int('lte');
  return (o) => {
    const v = o.created ?? 0;
    return (gt === undefined || v > gt) && (gte === undefined || v >= gte) && (lt === undefined || v < lt) && (lte === undefined || v <= lte);
  };
}
