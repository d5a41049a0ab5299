import { OTHER_STRING } from '../conformance/tsschema.js';
import type { FormValue } from '../form.js';

/**
 * Checks a decoded form value against a JSON Schema generated from the SDK's `*Params` types and reports the first
 * problem the way Stripe names it: the bracketed param path (`line_items[0][price_data][foo]`) and Stripe's code.
 * Form values are strings, so numbers and booleans are checked by their spelling; `''` means "unset" and is
 * accepted wherever the param is optional.
 */
export type Schema = { [key: string]: unknown };
export type Definitions = Record<string, Schema>;

export type IssueCode = 'parameter_unknown' | 'parameter_missing' | 'parameter_invalid_integer' | 'parameter_invalid_boolean' | 'parameter_invalid_enum' | 'parameter_invalid_string' | 'parameter_invalid_object' | 'parameter_invalid_array';
/** `code: null` where Stripe's answer carries no code (e.g. a refused expand or currency). */
export interface Issue { code: IssueCode | null; param: string; message: string }

const isObj = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFormObject = (v: FormValue): v is { [key: string]: FormValue } => typeof v === 'object' && !Array.isArray(v);

export class SchemaWalker {
  constructor(private readonly definitions: Definitions) {}

  resolve(s: Schema): Schema {
    let cur = s;
    for (let i = 0; i < 20 && typeof cur.$ref === 'string'; i++) {
      const next = this.definitions[cur.$ref.replace('#/definitions/', '')];
      if (!next) return {};
      cur = next;
    }
    return cur;
  }

  /** Validates a whole params object (the top level of a request). */
  checkParams(form: { [key: string]: FormValue }, schema: Schema): Issue | null {
    return this.checkObject(form, this.resolve(schema), '');
  }

  private check(value: FormValue, raw: Schema, path: string): Issue | null {
    const s = this.resolve(raw);
    if (Array.isArray(s.anyOf)) return this.checkUnion(value, s.anyOf.filter(isObj), path);
    if ('const' in s) return typeof value === 'string' && value === String(s.const) ? null : enumIssue(path, [s.const]);
    if ('not' in s) return unknown(path);
    switch (s.type) {
      case 'string': return typeof value === 'string' ? null : { code: 'parameter_invalid_string', param: path, message: `Invalid string: ${show(value)}` };
      case 'number': return typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? null : { code: 'parameter_invalid_integer', param: path, message: `Invalid integer: ${show(value)}` };
      case 'boolean': return value === 'true' || value === 'false' ? null : { code: 'parameter_invalid_boolean', param: path, message: `Invalid boolean: ${show(value)}` };
      case 'null': return value === '' ? null : { code: 'parameter_invalid_string', param: path, message: `Invalid value: ${show(value)}` };
      case 'array': return this.checkArray(value, s, path);
      case 'object': return isFormObject(value) ? this.checkObject(value, s, path) : { code: 'parameter_invalid_object', param: path, message: `Invalid object` };
      default: return null; // {}: any (Date, unknown, branded primitives)
    }
  }

  private checkArray(value: FormValue, s: Schema, path: string): Issue | null {
    if (!Array.isArray(value)) return { code: 'parameter_invalid_array', param: path, message: 'Invalid array' };
    const items = isObj(s.items) ? s.items : {};
    for (let i = 0; i < value.length; i++) {
      const issue = this.check(value[i], items, `${path}[${i}]`);
      if (issue) return issue;
    }
    return null;
  }

  private checkObject(value: { [key: string]: FormValue }, s: Schema, path: string): Issue | null {
    const props = isObj(s.properties) ? s.properties : {};
    const extra = s.additionalProperties;
    for (const [key, v] of Object.entries(value)) {
      const name = path ? `${path}[${key}]` : key;
      const prop = props[key];
      if (isObj(prop)) {
        if (v === '') continue; // unset
        const issue = this.check(v, prop, name);
        if (issue) return issue;
      } else if (isObj(extra)) {
        if (v === '') continue;
        const issue = this.check(v, extra, name);
        if (issue) return issue;
      } else if (extra !== true) {
        return unknown(name);
      }
    }
    const required = Array.isArray(s.required) ? s.required.filter((k): k is string => typeof k === 'string') : [];
    for (const key of required) {
      if (value[key] === undefined || value[key] === '') {
        const name = path ? `${path}[${key}]` : key;
        return { code: 'parameter_missing', param: name, message: `Missing required param: ${name}.` };
      }
    }
    return null;
  }

  /** A union: the alternative of the value's kind decides; enums of literals answer "must be one of". */
  private checkUnion(value: FormValue, alternatives: Schema[], path: string): Issue | null {
    const all = alternatives.map((a) => this.resolve(a));
    // An enum's `OtherString` member would accept anything: requests are held to the values listed for the pinned version.
    const resolved = all.some((a) => 'const' in a) ? all.filter((a) => !(OTHER_STRING in a)) : all;
    if (resolved.some((a) => Object.keys(a).length === 0 || OTHER_STRING in a)) return null;
    const kind = typeof value === 'string' ? 'scalar' : Array.isArray(value) ? 'array' : 'object';
    const same = resolved.filter((a) => kindOf(a) === kind || (kindOf(a) === 'union'));
    if (same.length === 0) {
      const expected = resolved.map(kindOf);
      if (expected.includes('object')) return { code: 'parameter_invalid_object', param: path, message: 'Invalid object' };
      if (expected.includes('array')) return { code: 'parameter_invalid_array', param: path, message: 'Invalid array' };
      return { code: 'parameter_invalid_string', param: path, message: `Invalid string: ${show(value)}` };
    }
    const issues: Issue[] = [];
    for (const alt of same) {
      const issue = this.check(value, alt, path);
      if (!issue) return null;
      issues.push(issue);
    }
    if (kind === 'scalar') {
      const literals = same.filter((a) => 'const' in a).map((a) => a.const);
      if (literals.length === same.length && literals.length > 0) return enumIssue(path, literals);
    }
    // The deepest problem names the parameter the caller got wrong (e.g. an unknown key inside an object).
    return issues.sort((a, b) => b.param.length - a.param.length)[0];
  }
}

function kindOf(s: Schema): 'scalar' | 'array' | 'object' | 'union' {
  if (Array.isArray(s.anyOf)) return 'union';
  if (s.type === 'array') return 'array';
  if (s.type === 'object') return 'object';
  return 'scalar';
}

function unknown(param: string): Issue {
  return { code: 'parameter_unknown', param, message: `Received unknown parameter: ${param}` };
}

function enumIssue(param: string, literals: unknown[]): Issue {
  const names = literals.map(String).filter((x) => x !== '').sort();
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')}, or ${names[names.length - 1]}` : names.join('');
  return { code: 'parameter_invalid_enum', param, message: `Invalid ${param}: must be one of ${list}` };
}

function show(value: FormValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
