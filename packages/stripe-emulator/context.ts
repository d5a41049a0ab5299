import type Stripe from 'stripe';
import type { Emulator } from './emulator.js';
import type { FormObject } from './form.js';
import type { Json } from './json.js';
import type { UploadedFile } from './multipart.js';
import { Params } from './params.js';
import type { Tenant } from './store.js';

export type Result =
  | { kind: 'json'; status: number; body: object; headers?: Record<string, string> }
  | { kind: 'html'; status: number; html: string }
  | { kind: 'redirect'; status: number; location: string }
  | { kind: 'raw'; status: number; contentType: string; body: string };

export const json = (body: object, status = 200): Result => ({ kind: 'json', status, body });
export const html = (page: string, status = 200): Result => ({ kind: 'html', status, html: page });
export const redirect = (location: string, status = 302): Result => ({ kind: 'redirect', status, location });

/** Per-request handler context. */
export class Ctx {
  readonly params: Params;
  /** File parts of a multipart request (POST /v1/files). */
  uploads: UploadedFile[] = [];
  constructor(
    readonly emu: Emulator,
    readonly tenant: Tenant,
    /** Account the request acts as (platform or Stripe-Account / OAuth token). */
    readonly account: string,
    readonly raw: FormObject,
    readonly pathParams: Record<string, string>,
    readonly method: string,
    readonly path: string,
    readonly requestId: string,
    readonly idempotencyKey: string | null,
    readonly apiVersion: string,
    readonly viaPublishableKey: boolean,
    /** The request already passed strict validation against the SDK's params type. */
    readonly validated = false,
  ) {
    this.params = new Params(raw, '', validated);
  }

  /** Same request, acting as another account (control API / hosted pages act as the object's owner). */
  as(account: string): Ctx {
    return new Ctx(this.emu, this.tenant, account, this.raw, this.pathParams, this.method, this.path, this.requestId, this.idempotencyKey, this.apiVersion, this.viaPublishableKey, this.validated);
  }

  /** Acting as the owner of object `id` (falls back to the acting account). */
  asOwnerOf(id: string): Ctx {
    return this.as(this.tenant.owner.get(id) ?? this.account);
  }

  get isPlatform(): boolean {
    return this.account === this.tenant.platformId;
  }

  get publicUrl(): string {
    return this.emu.publicUrl;
  }

  now(): number {
    return this.emu.clock.now();
  }

  expand(): string[] {
    return this.params.strArr('expand') ?? [];
  }

  /** Emits an event owned by `owner` (defaults to the acting account). */
  emit(type: Stripe.Event.Type, object: object, owner: string = this.account, previous?: Json): void {
    this.emu.emit(this.tenant, type, object, { account: owner, ...(previous !== undefined ? { previous } : {}) });
  }

  param(name: string): string {
    return this.pathParams[name] ?? '';
  }
}
