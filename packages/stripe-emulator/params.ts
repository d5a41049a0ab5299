import { invalid, missingParam, unknownParam } from './errors.js';
import type { FormObject, FormValue } from './form.js';

/** Typed accessors over decoded form params with Stripe-style validation errors. */
export class Params {
  /** `validated`: the SDK's params type already refused unknown keys, so `allow()` lists (what a handler implements) must not refuse documented ones. */
  constructor(readonly raw: FormObject, private readonly prefix = '', private readonly validated = false) {}

  private name(key: string): string {
    return this.prefix ? `${this.prefix}[${key}]` : key;
  }

  has(key: string): boolean {
    const v = this.raw[key];
    return v !== undefined && v !== '';
  }

  /** Rejects keys outside `allowed` (400 parameter_unknown). `expand` is always allowed. */
  allow(...allowed: string[]): this {
    if (this.validated) return this;
    for (const k of Object.keys(this.raw)) {
      if (k === 'expand' || allowed.includes(k)) continue;
      throw unknownParam(this.name(k));
    }
    return this;
  }

  str(key: string): string | undefined {
    const v = this.raw[key];
    if (v === undefined || v === '') return undefined;
    if (typeof v !== 'string') throw invalid(`Invalid string: ${this.name(key)}`, 'parameter_invalid_string', this.name(key));
    return v;
  }

  reqStr(key: string): string {
    const v = this.str(key);
    if (v === undefined) throw missingParam(this.name(key));
    return v;
  }

  enumOf<T extends string>(key: string, values: readonly T[]): T | undefined {
    const v = this.str(key);
    if (v === undefined) return undefined;
    const found = values.find((x) => x === v);
    if (!found) throw invalid(`Invalid ${this.name(key)}: must be one of ${values.join(', ')}`, 'parameter_invalid_enum', this.name(key));
    return found;
  }

  int(key: string): number | undefined {
    const v = this.str(key);
    if (v === undefined) return undefined;
    if (!/^-?\d+$/.test(v)) throw invalid(`Invalid integer: ${v}`, 'parameter_invalid_integer', this.name(key));
    return Number(v);
  }

  reqInt(key: string): number {
    const v = this.int(key);
    if (v === undefined) throw missingParam(this.name(key));
    return v;
  }

  bool(key: string): boolean | undefined {
    const v = this.str(key);
    if (v === undefined) return undefined;
    if (v !== 'true' && v !== 'false') throw invalid(`Invalid boolean: ${v}`, 'parameter_invalid_boolean', this.name(key));
    return v === 'true';
  }

  obj(key: string): Params | undefined {
    const v = this.raw[key];
    if (v === undefined || v === '') return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) throw invalid(`Invalid object: ${this.name(key)}`, 'parameter_invalid_object', this.name(key));
    return new Params(v, this.name(key), this.validated);
  }

  arr(key: string): Params[] {
    const v = this.raw[key];
    if (v === undefined || v === '') return [];
    const list: FormValue[] = Array.isArray(v) ? v : typeof v === 'object' ? Object.values(v) : [v];
    return list.map((item, i) => {
      if (typeof item !== 'object' || Array.isArray(item)) throw invalid(`Invalid array: ${this.name(key)}`, 'parameter_invalid_array', this.name(key));
      return new Params(item, `${this.name(key)}[${i}]`, this.validated);
    });
  }

  strArr(key: string): string[] | undefined {
    const v = this.raw[key];
    if (v === undefined || v === '') return undefined;
    if (typeof v === 'string') return [v];
    const list = Array.isArray(v) ? v : Object.values(v);
    return list.filter((x): x is string => typeof x === 'string');
  }

  /** Metadata param: `metadata[k]=` deletes k, `metadata=` clears. Returns null when cleared. */
  metadata(key = 'metadata'): Record<string, string> | null | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (v === '') return null;
    if (typeof v !== 'object' || Array.isArray(v)) throw invalid('Invalid metadata', 'parameter_invalid_object', key);
    const out: Record<string, string> = {};
    const keys = Object.keys(v);
    if (keys.length > 50) throw invalid('Metadata can have at most 50 keys.', 'parameter_invalid_object', key);
    for (const k of keys) {
      const val = v[k];
      if (typeof val !== 'string') throw invalid(`Invalid metadata[${k}]`, 'parameter_invalid_string', `${key}[${k}]`);
      if (k.length > 40) throw invalid('Metadata keys can be at most 40 characters.', 'parameter_invalid_string', `${key}[${k}]`);
      if (val.length > 500) throw invalid('Metadata values can be at most 500 characters.', 'parameter_invalid_string', `${key}[${k}]`);
      out[k] = val;
    }
    return out;
  }
}

/** Applies a metadata update (empty string values delete). */
export function mergeMetadata(current: Record<string, string> | null, update: Record<string, string> | null | undefined): Record<string, string> {
  if (update === undefined) return current ?? {};
  if (update === null) return {};
  const out = { ...(current ?? {}) };
  for (const [k, v] of Object.entries(update)) {
    if (v === '') delete out[k];
    else out[k] = v;
  }
  return out;
}
