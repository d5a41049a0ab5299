import { idempotencyConflict, idempotencyMismatch, type ApiError } from './errors.js';
import type { FormObject } from './form.js';
import { stableStringify, type Json } from './json.js';
import type { IdempotencyRecord, Tenant } from './store.js';

const TTL_SECONDS = 24 * 3600;

export type IdempotencyCheck = { kind: 'proceed' } | { kind: 'replay'; record: IdempotencyRecord } | { kind: 'error'; error: ApiError };

function fingerprint(method: string, path: string, form: FormObject): string {
  const params: Json = JSON.parse(JSON.stringify(form));
  return `${method} ${path} ${stableStringify(params)}`;
}

/** §3: replay same key+params, 400 on mismatch, 409 while the first request is in flight. */
export function checkIdempotency(tenant: Tenant, scope: string, key: string, method: string, path: string, form: FormObject, now: number): IdempotencyCheck {
  const fp = fingerprint(method, path, form);
  const existing = tenant.idempotency.get(scope);
  if (existing && now - existing.createdAt < TTL_SECONDS) {
    if (existing.inFlight) return { kind: 'error', error: idempotencyConflict() };
    if (existing.fingerprint !== fp) return { kind: 'error', error: idempotencyMismatch(key) };
    return { kind: 'replay', record: existing };
  }
  tenant.idempotency.set(scope, { fingerprint: fp, inFlight: true, status: 0, body: '', requestId: '', createdAt: now });
  return { kind: 'proceed' };
}

/** Stores the result; `null` = not cacheable (validation error, 401/429/5xx): forget the key. */
export function storeIdempotency(tenant: Tenant, scope: string, result: { status: number; body: string; requestId: string } | null): void {
  const rec = tenant.idempotency.get(scope);
  if (!rec) return;
  if (result === null) { tenant.idempotency.delete(scope); return; }
  rec.status = result.status;
  rec.body = result.body;
  rec.requestId = result.requestId;
}
