import type { FormObject } from '../form.js';
import { checkCurrencies } from './currencies.js';
import { checkExpand } from './expand.js';
import { ROUTE_TYPES } from './route-types.js';
import { SchemaWalker, type Definitions, type Issue } from './walk.js';

/**
 * Strict request validation (issue: "the emulator must refuse what Stripe refuses"): every /v1 request is checked
 * against the installed SDK's `*Params` type for its route before any handler runs, then `limit`, `expand` and
 * currencies are checked the way Stripe checks them.
 */
export interface RequestValidator {
  /** `route` is `METHOD /pattern` as registered (e.g. `POST /v1/payment_intents/:id/confirm`). */
  check(route: string, form: FormObject, apiVersion: string): Issue | null;
}

const DAHLIA = '2026-03-25';
const LEGACY_UI_MODES: Record<string, string> = { hosted: 'hosted_page', embedded: 'embedded_page', custom: 'elements' };

/** API versions before dahlia named Checkout ui_mode hosted/embedded/custom: validate those by their new names. */
function forVersion(route: string, form: FormObject, apiVersion: string): FormObject {
  const ui = form.ui_mode;
  if (route === 'POST /v1/checkout/sessions' && apiVersion < DAHLIA && typeof ui === 'string' && LEGACY_UI_MODES[ui]) {
    return { ...form, ui_mode: LEGACY_UI_MODES[ui] };
  }
  return form;
}

function checkLimit(form: FormObject): Issue | null {
  const limit = form.limit;
  if (limit === undefined || limit === '') return null;
  const n = typeof limit === 'string' && /^-?\d+$/.test(limit) ? Number(limit) : NaN;
  if (Number.isNaN(n)) return { code: 'parameter_invalid_integer', param: 'limit', message: `Invalid integer: ${typeof limit === 'string' ? limit : JSON.stringify(limit)}` };
  if (n < 1) return { code: 'parameter_invalid_integer', param: 'limit', message: 'This value must be greater than or equal to 1.' };
  if (n > 100) return { code: 'parameter_invalid_integer', param: 'limit', message: 'This value must be less than or equal to 100.' };
  return null;
}

function expandPaths(form: FormObject): string[] {
  const e = form.expand;
  if (e === undefined || e === '') return [];
  const list = typeof e === 'string' ? [e] : Array.isArray(e) ? e : Object.values(e);
  return list.filter((x): x is string => typeof x === 'string');
}

export function createRequestValidator(definitions: Definitions): RequestValidator {
  const walker = new SchemaWalker(definitions);
  return {
    check(route, raw, apiVersion) {
      const type = ROUTE_TYPES[route];
      if (!type) return null;
      const schema = definitions[type.params];
      if (!schema) throw new Error(`no schema generated for ${type.params}`);
      const form = forVersion(route, raw, apiVersion);
      const issue = walker.checkParams(form, schema);
      if (issue) return issue;
      if (type.list) {
        const limit = checkLimit(form);
        if (limit) return limit;
      }
      const resource = type.resource ? definitions[type.resource] ?? null : null;
      const expand = checkExpand(walker, resource, type.list === true, expandPaths(form));
      if (expand) return expand;
      return checkCurrencies(form);
    },
  };
}
