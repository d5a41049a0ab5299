import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { DEFAULT_API_VERSION } from '../config.js';
import type { FormObject, FormValue } from '../form.js';
import { createRequestValidator } from '../validation/index.js';
import { routeKeyFor } from '../validation/route-types.js';
import { loadSchemas, RESOURCE_TYPES } from './generate.js';

/**
 * Ajv validators over JSON Schemas generated from the installed stripe SDK types (§11). Usable by any test suite:
 *   const c = createConformanceChecker(); c.checkRequest('POST', '/v1/customers', params); c.checkResponse(path, body); c.checkEvent(evt)
 */
export interface CheckResult { ok: boolean; checked: boolean; type: string | null; errors: string[] }
/** `refused`: requests the emulator's strict validation answers with a 400 (each is also a failure). */
export interface ConformanceCounts { requests: number; responses: number; events: number; unchecked: number; failures: number; refused: number }
export interface ConformanceChecker {
  checkRequest(method: string, path: string, params: unknown): CheckResult;
  checkResponse(path: string, body: unknown): CheckResult;
  checkEvent(event: unknown): CheckResult;
  counts: ConformanceCounts;
}

const ID = '[^/]+';
const PARAM_ROUTES: [string, RegExp, string][] = [
  ['POST', /^\/v1\/customers$/, 'CustomerCreateParams'],
  ['POST', new RegExp(`^/v1/customers/${ID}$`), 'CustomerUpdateParams'],
  ['GET', /^\/v1\/customers$/, 'CustomerListParams'],
  ['POST', /^\/v1\/payment_methods$/, 'PaymentMethodCreateParams'],
  ['POST', new RegExp(`^/v1/payment_methods/${ID}/attach$`), 'PaymentMethodAttachParams'],
  ['POST', /^\/v1\/setup_intents$/, 'SetupIntentCreateParams'],
  ['POST', new RegExp(`^/v1/setup_intents/${ID}/confirm$`), 'SetupIntentConfirmParams'],
  ['POST', new RegExp(`^/v1/setup_intents/${ID}/cancel$`), 'SetupIntentCancelParams'],
  ['POST', /^\/v1\/payment_intents$/, 'PaymentIntentCreateParams'],
  ['GET', /^\/v1\/payment_intents$/, 'PaymentIntentListParams'],
  ['POST', new RegExp(`^/v1/payment_intents/${ID}/confirm$`), 'PaymentIntentConfirmParams'],
  ['POST', new RegExp(`^/v1/payment_intents/${ID}/capture$`), 'PaymentIntentCaptureParams'],
  ['POST', new RegExp(`^/v1/payment_intents/${ID}/cancel$`), 'PaymentIntentCancelParams'],
  ['POST', new RegExp(`^/v1/payment_intents/${ID}$`), 'PaymentIntentUpdateParams'],
  ['GET', /^\/v1\/charges$/, 'ChargeListParams'],
  ['POST', /^\/v1\/refunds$/, 'RefundCreateParams'],
  ['GET', /^\/v1\/refunds$/, 'RefundListParams'],
  ['POST', /^\/v1\/transfers$/, 'TransferCreateParams'],
  ['POST', new RegExp(`^/v1/transfers/${ID}/reversals$`), 'TransferCreateReversalParams'],
  ['POST', new RegExp(`^/v1/application_fees/${ID}/refunds$`), 'ApplicationFeeCreateRefundParams'],
  ['POST', /^\/v1\/payouts$/, 'PayoutCreateParams'],
  ['GET', /^\/v1\/balance_transactions$/, 'BalanceTransactionListParams'],
  ['POST', /^\/v1\/checkout\/sessions$/, 'CheckoutSessionCreateParams'],
  ['GET', /^\/v1\/checkout\/sessions$/, 'CheckoutSessionListParams'],
  ['POST', /^\/v1\/accounts$/, 'AccountCreateParams'],
  ['POST', new RegExp(`^/v1/accounts/${ID}/reject$`), 'AccountRejectParams'],
  ['POST', new RegExp(`^/v1/accounts/${ID}/external_accounts$`), 'AccountCreateExternalAccountParams'],
  ['POST', new RegExp(`^/v1/accounts/${ID}/capabilities/${ID}$`), 'AccountUpdateCapabilityParams'],
  ['POST', new RegExp(`^/v1/accounts/${ID}$`), 'AccountUpdateParams'],
  ['POST', /^\/v1\/account_links$/, 'AccountLinkCreateParams'],
  ['POST', /^\/v1\/webhook_endpoints$/, 'WebhookEndpointCreateParams'],
  ['POST', new RegExp(`^/v1/webhook_endpoints/${ID}$`), 'WebhookEndpointUpdateParams'],
  ['GET', /^\/v1\/events$/, 'EventListParams'],
  ['POST', new RegExp(`^/v1/disputes/${ID}$`), 'DisputeUpdateParams'],
];

function isFormValue(v: unknown): v is FormValue {
  if (typeof v === 'string') return true;
  if (Array.isArray(v)) return v.every(isFormValue);
  return typeof v === 'object' && v !== null && Object.values(v).every(isFormValue);
}

function isFormObject(v: unknown): v is FormObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && isFormValue(v);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).slice(0, 10).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}${e.params && 'additionalProperty' in e.params ? `: ${String(e.params.additionalProperty)}` : ''}`);
}

export function createConformanceChecker(): ConformanceChecker {
  const { definitions } = loadSchemas();
  const strict = new Ajv({ strict: false, allErrors: false, validateSchema: false });
  const coercing = new Ajv({ strict: false, allErrors: false, validateSchema: false, coerceTypes: 'array' });
  strict.addSchema({ $id: 'stripe', definitions });
  coercing.addSchema({ $id: 'stripe', definitions });
  const cache = new Map<string, ValidateFunction>();
  const validator = (ajv: Ajv, name: string): ValidateFunction | undefined => {
    const key = `${ajv === strict ? 's' : 'c'}:${name}`;
    let v = cache.get(key);
    if (!v && definitions[name]) {
      v = ajv.getSchema(`stripe#/definitions/${name}`);
      if (v) cache.set(key, v);
    }
    return v;
  };
  const counts: ConformanceCounts = { requests: 0, responses: 0, events: 0, unchecked: 0, failures: 0, refused: 0 };
  const requestValidator = createRequestValidator(definitions);
  const result = (type: string | null, v: ValidateFunction | undefined, data: unknown): CheckResult => {
    if (!v) { counts.unchecked++; return { ok: true, checked: false, type, errors: [] }; }
    const ok = v(data);
    if (!ok) counts.failures++;
    return { ok, checked: true, type, errors: ok ? [] : describe(v.errors) };
  };
  const checkObject = (body: unknown): CheckResult => {
    if (!isRecord(body)) return result(null, undefined, body);
    if (body.object === 'list' && Array.isArray(body.data)) {
      const errors: string[] = [];
      let type: string | null = null;
      for (const item of body.data) {
        const r = checkObject(item);
        type = r.type;
        errors.push(...r.errors);
      }
      return { ok: errors.length === 0, checked: true, type, errors };
    }
    const type = typeof body.object === 'string' ? RESOURCE_TYPES[body.object] ?? null : null;
    return result(type, type ? validator(strict, type) : undefined, body);
  };
  return {
    counts,
    checkRequest(method, path, params) {
      const route = PARAM_ROUTES.find(([m, re]) => m === method.toUpperCase() && re.test(path));
      const key = routeKeyFor(method, path);
      if (!route && !key) { counts.unchecked++; return { ok: true, checked: false, type: null, errors: [] }; }
      counts.requests++;
      const clone: unknown = JSON.parse(JSON.stringify(params ?? {}));
      // The same check the emulator runs before serving a request: anything it refuses counts as a failure here.
      const issue = key && isFormObject(clone) ? requestValidator.check(key, clone, DEFAULT_API_VERSION) : null;
      if (issue) {
        counts.refused++;
        counts.failures++;
        return { ok: false, checked: true, type: key, errors: [`refused by the emulator: ${issue.code ?? 'invalid_request_error'} ${issue.param}: ${issue.message}`] };
      }
      if (!route) return { ok: true, checked: true, type: key, errors: [] };
      return result(route[2], validator(coercing, route[2]), clone);
    },
    checkResponse(path, body) {
      if (!path.startsWith('/v1/')) { counts.unchecked++; return { ok: true, checked: false, type: null, errors: [] }; }
      counts.responses++;
      return checkObject(body);
    },
    checkEvent(event) {
      counts.events++;
      const env = result('EventEnvelope', validator(strict, 'EventEnvelope'), event);
      if (!env.ok || !isRecord(event) || !isRecord(event.data)) return env;
      const obj = checkObject(event.data.object);
      return { ok: obj.ok, checked: true, type: obj.type, errors: obj.errors.map((e) => `data.object${e}`) };
    },
  };
}
