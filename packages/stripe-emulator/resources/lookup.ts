import type { Ctx } from '../context.js';
import { notFound } from '../errors.js';

/** Fetches an object owned by the acting account, or 404 resource_missing (Connect scoping, §3). */
export function owned<T>(ctx: Ctx, map: Map<string, T>, id: string, kind: string, param = 'id'): T {
  const obj = map.get(id);
  if (obj === undefined || ctx.tenant.owner.get(id) !== ctx.account) throw notFound(kind, id, param);
  return obj;
}

/** Objects of `map` owned by the acting account. */
export function ownedValues<T extends { id: string }>(ctx: Ctx, map: Map<string, T>): T[] {
  return [...map.values()].filter((o) => ctx.tenant.owner.get(o.id) === ctx.account);
}

export function idOf(v: string | { id: string } | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : v.id;
}
