import { Ctx, html, type Result } from '../context.js';
import type { Emulator } from '../emulator.js';
import { notFound } from '../errors.js';
import { newId } from '../ids.js';
import type { FormObject } from '../form.js';
import type { Tenant } from '../store.js';

export function esc(s: string | number | null | undefined): string {
  return String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);

/** Integer minor units as text (no float division): 1234 usd -> $12.34, 500 jpy -> JPY 500. */
export function money(amount: number | null, currency: string | null): string {
  const cur = (currency ?? 'usd').toUpperCase();
  const sym = cur === 'USD' ? '$' : cur === 'EUR' ? '€' : cur === 'GBP' ? '£' : `${cur} `;
  const minor = Math.trunc(amount ?? 0);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (ZERO_DECIMAL.has(cur)) return `${sign}${sym}${abs}`;
  return `${sign}${sym}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const STYLE = `body{font-family:system-ui,sans-serif;background:#f6f9fc;margin:0;color:#1a1f36}
main{max-width:460px;margin:32px auto;background:#fff;border-radius:8px;box-shadow:0 2px 8px #0002;padding:24px}
.badge{display:inline-block;background:#ffde92;color:#8a5a00;font-size:11px;font-weight:700;padding:2px 6px;border-radius:4px}
label{display:block;font-size:13px;margin-top:10px}input{width:100%;box-sizing:border-box;padding:8px;border:1px solid #ccd;border-radius:4px;font-size:15px}
.row{display:flex;gap:8px}.row>*{flex:1}button,.btn{margin-top:14px;width:100%;padding:10px;border:0;border-radius:4px;background:#635bff;color:#fff;font-size:15px;cursor:pointer;display:block;text-align:center;text-decoration:none;box-sizing:border-box}
.secondary{background:#e3e8ee;color:#1a1f36}.danger{background:#df1b41}.error{background:#fde8ec;color:#a01632;padding:10px;border-radius:4px;margin-top:10px}
.quick{display:flex;flex-wrap:wrap;gap:4px;margin-top:8px}.quick a{font-size:12px;padding:4px 6px;background:#eef;border-radius:4px;text-decoration:none;color:#333}
table{width:100%;border-collapse:collapse;font-size:14px}td{padding:4px 0}td.r{text-align:right}`;

export function layout(title: string, body: string): Result {
  return html(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`);
}

export function tenantFor(emu: Emulator, id: string, kind: string): Tenant {
  const t = emu.pageIndex.get(id);
  if (!t) throw notFound(kind, id);
  return t;
}

/** An API context for hosted-page actions, acting as `account`. */
export function pageApiCtx(emu: Emulator, t: Tenant, account: string, path: string, form: FormObject = {}): Ctx {
  return new Ctx(emu, t, account, form, {}, 'POST', path, newId('req'), null, emu.config.apiVersion, false);
}

export function field(form: FormObject, key: string): string | undefined {
  const v = form[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function withParams(url: string, params: Record<string, string>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}
