import type { Json, JsonObject } from './json.js';
import { isJsonObject, toJson } from './json.js';
import type { Tenant } from './store.js';

const DAHLIA = '2026-03-25';

/** Version-dependent rendering (§3): legacy Checkout ui_mode names before dahlia. */
function versioned(obj: JsonObject, apiVersion: string): JsonObject {
  if (obj.object === 'checkout.session' && apiVersion < DAHLIA && typeof obj.ui_mode === 'string') {
    obj.ui_mode = obj.ui_mode.replace(/_page$/, '');
  }
  return obj;
}

function expandPath(tenant: Tenant, node: Json, path: string[], apiVersion: string): Json {
  if (path.length === 0) return node;
  const [head, ...rest] = path;
  if (Array.isArray(node)) return node.map((n) => expandPath(tenant, n, path, apiVersion));
  if (!isJsonObject(node)) return node;
  if (head === 'data' && node.object === 'list' && Array.isArray(node.data)) {
    node.data = node.data.map((n) => expandPath(tenant, n, rest, apiVersion));
    return node;
  }
  const value = node[head];
  if (typeof value === 'string') {
    const target = tenant.all.get(value);
    if (target) node[head] = expandPath(tenant, versioned(toJson(target), apiVersion), rest, apiVersion);
  } else if (value !== undefined && value !== null) {
    node[head] = expandPath(tenant, value, rest, apiVersion);
  }
  return node;
}

export function render(tenant: Tenant, obj: object, expand: string[] = [], apiVersion = '9999'): JsonObject {
  let out = versioned(toJson(obj), apiVersion);
  for (const e of expand) {
    const expanded = expandPath(tenant, out, e.split('.').slice(0, 4), apiVersion);
    if (isJsonObject(expanded)) out = expanded;
  }
  return out;
}

export interface ListOptions { limit?: number; starting_after?: string; ending_before?: string }

/** Newest-first cursor pagination over already-filtered items. */
export function paginate<T extends { id?: string; created?: number }>(items: T[], opts: ListOptions): { data: T[]; has_more: boolean } {
  const sorted = items.map((item, i) => ({ item, i })).sort((a, b) => (b.item.created ?? 0) - (a.item.created ?? 0) || b.i - a.i).map((x) => x.item);
  const limit = Math.min(100, Math.max(1, opts.limit ?? 10));
  let start = 0;
  let end = sorted.length;
  if (opts.starting_after) {
    const idx = sorted.findIndex((x) => x.id === opts.starting_after);
    start = idx === -1 ? sorted.length : idx + 1;
  } else if (opts.ending_before) {
    const idx = sorted.findIndex((x) => x.id === opts.ending_before);
    end = idx === -1 ? 0 : idx;
    start = Math.max(0, end - limit);
    return { data: sorted.slice(start, end), has_more: start > 0 };
  }
  const data = sorted.slice(start, start + limit);
  return { data, has_more: start + limit < end };
}
