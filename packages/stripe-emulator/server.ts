import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Ctx, type Result } from './context.js';
import type { Emulator } from './emulator.js';
import { ApiError, authError, expiredKey, invalid } from './errors.js';
import { OAUTH_TOKEN_PREFIX } from './resources/oauth.js';
import { decodeForm, jsonToForm, type FormObject } from './form.js';
import { newId } from './ids.js';
import { checkIdempotency, storeIdempotency } from './idempotency.js';
import type { Json } from './json.js';
import { decodeMultipart, type UploadedFile } from './multipart.js';
import type { ApiRoute, PageRoute, Router } from './routes.js';
import type { Tenant } from './store.js';
import type { RequestValidator } from './validation/index.js';
import type { Issue } from './validation/walk.js';

const LOGGED_HEADERS = ['stripe-version', 'stripe-account', 'idempotency-key', 'content-type', 'user-agent'];
const CORS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, Stripe-Version, Stripe-Account, Idempotency-Key',
  'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
};

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function decodeBody(raw: Buffer, contentType: string): { form: FormObject; files: UploadedFile[] } {
  if (raw.length === 0) return { form: {}, files: [] };
  if (contentType.includes('multipart/form-data')) return decodeMultipart(raw, contentType);
  const body = raw.toString('utf8');
  if (contentType.includes('application/json')) {
    const parsed: unknown = JSON.parse(body);
    const form = jsonToForm(parsed);
    return { form: typeof form === 'object' && !Array.isArray(form) ? form : {}, files: [] };
  }
  return { form: decodeForm(body), files: [] };
}

function headerMap(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') out[k.toLowerCase()] = v;
  return out;
}

/** Stripe links every error to its request log; the emulator's log is GET /_emu/requests (same request id). */
function withRequestLog(body: object, headers: Record<string, string>): object {
  const requestId = headers['Request-Id'];
  if (!requestId || !('error' in body)) return body;
  const error: unknown = body.error;
  if (typeof error !== 'object' || error === null || 'request_log_url' in error) return body;
  return { ...body, error: { ...error, request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}?t=${Math.floor(Date.now() / 1000)}` } };
}

function send(res: ServerResponse, result: Result, headers: Record<string, string>): void {
  if (result.kind === 'json') {
    res.writeHead(result.status, { 'Content-Type': 'application/json', ...headers, ...(result.headers ?? {}) });
    res.end(JSON.stringify(result.status >= 400 ? withRequestLog(result.body, headers) : result.body, null, 2));
  } else if (result.kind === 'html') {
    res.writeHead(result.status, { 'Content-Type': 'text/html; charset=utf-8', ...headers });
    res.end(result.html);
  } else if (result.kind === 'redirect') {
    res.writeHead(result.status, { Location: result.location, ...headers });
    res.end();
  } else {
    res.writeHead(result.status, { 'Content-Type': result.contentType, ...headers });
    res.end(result.body);
  }
}

/** Stripe.js adds these to publishable-key calls; they are not part of the server SDK's params types. */
const BROWSER_PARAMS = ['client_secret', 'key', '_stripe_account', '_stripe_version', 'payment_user_agent', 'time_on_page', 'referrer'];

function withoutBrowserParams(form: FormObject): FormObject {
  return Object.fromEntries(Object.entries(form).filter(([k]) => !BROWSER_PARAMS.includes(k)));
}

function issueError(issue: Issue): ApiError {
  return invalid(issue.message, issue.code ?? undefined, issue.param);
}

function errorResult(e: ApiError): Result {
  return { kind: 'json', status: e.status, body: { error: e.body }, headers: e.headers };
}

interface Auth { tenant: Tenant; account: string; viaPk: boolean }

function authenticate(emu: Emulator, route: ApiRoute, headers: Record<string, string>, form: FormObject): Auth {
  const h = headers['authorization'] ?? '';
  let key: string | undefined;
  if (h.startsWith('Bearer ')) key = h.slice(7).trim();
  else if (h.startsWith('Basic ')) key = Buffer.from(h.slice(6), 'base64').toString('utf8').split(':')[0];
  if (!key && route.auth === 'publishable' && typeof form.key === 'string') key = form.key;
  if (!key) throw authError(undefined);
  const oauth = emu.accessTokens.get(key);
  if (oauth) return { tenant: oauth.tenant, account: oauth.account, viaPk: false };
  if (emu.revokedTokens.has(key)) throw expiredKey(key);
  if (key.startsWith(OAUTH_TOKEN_PREFIX)) throw authError(key);
  if (/^(sk|rk)_test_\S+$/.test(key)) {
    const tenant = emu.tenant(key);
    return { tenant, account: tenant.platformId, viaPk: false };
  }
  if (route.auth === 'publishable' && /^pk_test_/.test(key)) {
    const tenant = emu.pkIndex.get(key);
    if (tenant) return { tenant, account: tenant.platformId, viaPk: true };
  }
  throw authError(key);
}

export function createEmulatorServer(emu: Emulator, router: Router, validator: RequestValidator | null = null): Server {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const headers = headerMap(req);
    const requestId = newId('req');
    const apiVersion = headers['stripe-version'] ?? emu.config.apiVersion;
    const baseHeaders: Record<string, string> = { 'Request-Id': requestId, 'Stripe-Version': apiVersion };
    if (headers['idempotency-key']) baseHeaders['Idempotency-Key'] = headers['idempotency-key'];
    if (method === 'OPTIONS') { res.writeHead(204, CORS); res.end(); return; }
    const path = url.pathname;
    const matched = router.match(method, path);
    if (!matched || matched === 'method') {
      const e = invalid(`Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`, undefined, undefined, 404);
      send(res, errorResult(e), { ...baseHeaders, ...CORS });
      return;
    }
    const rawBody = method === 'GET' || method === 'DELETE' ? Buffer.alloc(0) : await readBody(req);
    let form: FormObject;
    let files: UploadedFile[];
    try {
      const decoded = decodeBody(rawBody, headers['content-type'] ?? '');
      form = { ...decodeForm(url.search.slice(1)), ...decoded.form };
      files = decoded.files;
    } catch {
      send(res, errorResult(invalid('Invalid request body.')), baseHeaders);
      return;
    }
    if (matched.route.kind === 'page') {
      await handlePage(emu, matched.route, matched.params, method, url, form, headers, res);
      return;
    }
    await handleApi(emu, matched.route, matched.params, { method, path, form, files, headers, requestId, apiVersion, baseHeaders, validator }, res);
  };
  return createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: { type: 'api_error', message: e instanceof Error ? e.message : String(e) } }));
      }
    });
  });
}

async function handlePage(emu: Emulator, route: PageRoute, params: Record<string, string>, method: string, url: URL, form: FormObject, headers: Record<string, string>, res: ServerResponse): Promise<void> {
  let result: Result;
  try {
    result = await route.handler({ emu, method, pathParams: params, query: url.searchParams, form, headers });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    result = { kind: 'html', status: e.status, html: `<!doctype html><title>Error</title><p data-testid="page-error">${e.body.message.replace(/</g, '&lt;')}</p>` };
  }
  for (const t of emu.tenants.values()) await emu.afterRequest(t);
  send(res, result, { 'Cache-Control': 'no-store', ...(route.pattern.startsWith('/js/') ? CORS : {}) });
}

interface ReqInfo { method: string; path: string; form: FormObject; files: UploadedFile[]; headers: Record<string, string>; requestId: string; apiVersion: string; baseHeaders: Record<string, string>; validator: RequestValidator | null }

const NOT_STORED_CODES = new Set(['parameter_unknown', 'parameter_missing', 'parameter_invalid_integer', 'parameter_invalid_enum', 'parameter_invalid_string', 'parameter_invalid_boolean', 'parameter_invalid_object']);

async function handleApi(emu: Emulator, route: ApiRoute, params: Record<string, string>, info: ReqInfo, res: ServerResponse): Promise<void> {
  const { method, path, form, headers, requestId, baseHeaders } = info;
  const extra = route.auth === 'publishable' ? CORS : {};
  let auth: Auth;
  try {
    auth = authenticate(emu, route, headers, form);
  } catch (e) {
    if (e instanceof ApiError) { send(res, errorResult(e), { ...baseHeaders, ...extra }); return; }
    throw e;
  }
  const { tenant } = auth;
  let account = auth.account;
  const stripeAccount = headers['stripe-account'];
  const idemKey = method === 'POST' ? headers['idempotency-key'] ?? null : null;
  const log = (status: number, body: object): void => {
    const logged: Record<string, string> = {};
    for (const h of LOGGED_HEADERS) if (headers[h]) logged[h] = headers[h];
    const bodyJson: Json = JSON.parse(JSON.stringify(body));
    const paramsJson: Json = JSON.parse(JSON.stringify(form));
    tenant.requests.push({ id: requestId, method, path, account: account === tenant.platformId ? null : account, headers: logged, params: paramsJson, status, body: bodyJson, created: emu.clock.now() });
    if (tenant.requests.length > 5000) tenant.requests.splice(0, tenant.requests.length - 5000);
  };
  const respond = (result: Result): void => {
    if (result.kind === 'json' && !path.startsWith('/_emu/requests')) log(result.status, result.body);
    send(res, result, { ...baseHeaders, ...extra });
  };
  try {
    if (stripeAccount && stripeAccount !== tenant.platformId) {
      const acct = tenant.accounts.get(stripeAccount);
      if (!acct || tenant.owner.get(stripeAccount) !== tenant.platformId) {
        throw invalid(`The provided key does not have access to account '${stripeAccount}' (or that account does not exist). Application access may have been revoked.`, 'account_invalid', undefined, 403);
      }
      account = stripeAccount;
    }
    const fault = tenant.faults.find((f) => f.times > 0 && (f.path === path || (f.path.endsWith('*') && path.startsWith(f.path.slice(0, -1)))));
    if (fault && !path.startsWith('/_emu/')) {
      fault.times--;
      const type = fault.status === 429 ? 'invalid_request_error' : 'api_error';
      throw new ApiError(fault.status, { type, code: fault.status === 429 ? 'rate_limit' : undefined, message: `Injected fault (${fault.status}).` }, fault.status >= 500 ? { 'Stripe-Should-Retry': 'true' } : {});
    }
    // Refused before any handler runs (and never stored under the idempotency key), like Stripe's own param checks.
    const issue = info.validator?.check(`${method} ${route.pattern}`, auth.viaPk ? withoutBrowserParams(form) : form, info.apiVersion);
    if (issue) throw issueError(issue);
  } catch (e) {
    if (e instanceof ApiError) { respond(errorResult(e)); return; }
    throw e;
  }
  const scope = `${account}|${idemKey ?? ''}`;
  if (idemKey) {
    const replay = checkIdempotency(tenant, scope, idemKey, method, path, form, emu.clock.now());
    if (replay.kind === 'error') { respond(errorResult(replay.error)); return; }
    if (replay.kind === 'replay') {
      res.writeHead(replay.record.status, { 'Content-Type': 'application/json', ...baseHeaders, ...extra, 'Idempotent-Replayed': 'true', 'Original-Request': replay.record.requestId });
      res.end(replay.record.body);
      return;
    }
  }
  const ctx = new Ctx(emu, tenant, account, form, params, method, path, requestId, idemKey, info.apiVersion, auth.viaPk, info.validator !== null && route.pattern.startsWith('/v1/'));
  ctx.uploads = info.files;
  emu.currentRequest = { id: requestId, idempotency_key: idemKey };
  let result: Result;
  let store = true;
  try {
    result = await route.handler(ctx);
  } catch (e) {
    if (!(e instanceof ApiError)) {
      const message = e instanceof Error ? e.message : String(e);
      if (!emu.config.quiet) console.error('[stripe-emulator] handler error', e);
      result = { kind: 'json', status: 500, body: { error: { type: 'api_error', message: `Emulator internal error: ${message}` } } };
      store = false;
    } else {
      result = errorResult(e);
      if (e.status === 401 || e.status === 429 || e.status >= 500 || (e.body.code && NOT_STORED_CODES.has(e.body.code))) store = false;
    }
  } finally {
    emu.currentRequest = null;
  }
  if (idemKey) {
    const body = result.kind === 'json' ? JSON.stringify(result.body, null, 2) : '';
    storeIdempotency(tenant, scope, store && result.kind === 'json' ? { status: result.status, body, requestId } : null);
  }
  try {
    await emu.afterRequest(tenant);
  } finally {
    if (idemKey) {
      const rec = tenant.idempotency.get(scope);
      if (rec) rec.inFlight = false;
    }
  }
  respond(result);
}
