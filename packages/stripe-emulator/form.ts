/** qs-style bracket decoding of x-www-form-urlencoded bodies and query strings (§2). */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

function splitKey(key: string): string[] {
  const first = key.indexOf('[');
  if (first === -1) return [key];
  const parts = [key.slice(0, first)];
  const re = /\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(key.slice(first))) !== null) parts.push(m[1]);
  return parts;
}

type Tree = { [key: string]: Tree | string };

function normalise(node: Tree | string): FormValue {
  if (typeof node === 'string') return node;
  const keys = Object.keys(node);
  const numeric = keys.length > 0 && keys.every((k) => /^\d+$/.test(k));
  if (numeric) return keys.sort((a, b) => Number(a) - Number(b)).map((k) => normalise(node[k]));
  const out: FormObject = {};
  for (const k of keys) out[k] = normalise(node[k]);
  return out;
}

export function decodeForm(input: string): FormObject {
  const root: Tree = {};
  const counters = new Map<Tree, number>();
  if (!input) return {};
  for (const pair of input.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawVal = eq === -1 ? '' : pair.slice(eq + 1);
    const key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
    const value = decodeURIComponent(rawVal.replace(/\+/g, ' '));
    const parts = splitKey(key);
    let node: Tree = root;
    for (let i = 0; i < parts.length; i++) {
      let part = parts[i];
      if (part === '') {
        const n = counters.get(node) ?? Object.keys(node).length;
        counters.set(node, n + 1);
        part = String(n);
      }
      if (i === parts.length - 1) {
        node[part] = value;
      } else {
        const next = node[part];
        if (typeof next === 'object') node = next;
        else {
          const created: Tree = {};
          node[part] = created;
          node = created;
        }
      }
    }
  }
  const out: FormObject = {};
  for (const k of Object.keys(root)) out[k] = normalise(root[k]);
  return out;
}

/** Converts a JSON body (control API) into FormValues (numbers/booleans stringified). */
export function jsonToForm(value: unknown): FormValue {
  if (Array.isArray(value)) return value.map(jsonToForm);
  if (value !== null && typeof value === 'object') {
    const out: FormObject = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) out[k] = jsonToForm(v);
    return out;
  }
  return value === null || value === undefined ? '' : String(value);
}
