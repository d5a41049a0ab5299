import type { Issue, Schema, SchemaWalker } from './walk.js';

/**
 * `expand[]` is refused unless every segment names an expandable field of the resource the route returns, as Stripe
 * does ("This property cannot be expanded (x)."). In the SDK's types an expandable field is `string | Resource`, and an
 * includable one (e.g. Checkout `line_items`) is an optional property; lists need the `data.` prefix.
 */
const MAX_DEPTH = 4;

const isObj = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

function listItems(walker: SchemaWalker, s: Schema): Schema | null {
  const props = isObj(s.properties) ? s.properties : {};
  const data = isObj(props.data) ? walker.resolve(props.data) : null;
  const isList = isObj(props.object) && walker.resolve(props.object).const === 'list';
  return isList && data && isObj(data.items) ? walker.resolve(data.items) : null;
}

/** The object schema reached by expanding `s` (a `string | Resource` union, a resource, or a list of them). */
function target(walker: SchemaWalker, raw: Schema): Schema | null {
  const s = walker.resolve(raw);
  const alternatives = Array.isArray(s.anyOf) ? s.anyOf.filter(isObj).map((a) => walker.resolve(a)) : [s];
  return alternatives.find((a) => a.type === 'object') ?? null;
}

/** The last segment must be expandable or includable; segments before it may also walk through plain nested objects (`line_items.data.price.product`). */
function expandableProperty(walker: SchemaWalker, owner: Schema, name: string, last: boolean): Schema | null {
  const props = isObj(owner.properties) ? owner.properties : {};
  const prop = props[name];
  if (!isObj(prop)) return null;
  const required = Array.isArray(owner.required) ? owner.required : [];
  const s = walker.resolve(prop);
  const union = Array.isArray(s.anyOf) ? s.anyOf.filter(isObj).map((a) => walker.resolve(a)) : [];
  const idOrObject = union.some((a) => a.type === 'string') && union.some((a) => a.type === 'object');
  if (last && !idOrObject && required.includes(name)) return null;
  return target(walker, s);
}

export function checkExpand(walker: SchemaWalker, resource: Schema | null, list: boolean, paths: string[]): Issue | null {
  for (const path of paths) {
    const segments = path.split('.');
    const refuse = (field: string): Issue => ({ code: null, param: 'expand', message: `This property cannot be expanded (${field}).` });
    if (segments.length > MAX_DEPTH + (list ? 1 : 0)) {
      return { code: null, param: 'expand', message: `You cannot expand more than ${MAX_DEPTH} levels of a property. Property: ${path}` };
    }
    if (!resource) return refuse(segments[0]);
    let current: Schema | null = walker.resolve(resource);
    let rest = segments;
    if (list) {
      if (rest[0] !== 'data') return refuse(rest[0]);
      rest = rest.slice(1);
    }
    for (const [i, seg] of rest.entries()) {
      const items: Schema | null = current ? listItems(walker, current) : null;
      const owner: Schema | null = items && seg !== 'data' ? items : current;
      if (seg === 'data' && items) { current = items; continue; }
      const next: Schema | null = owner ? expandableProperty(walker, owner, seg, i === rest.length - 1) : null;
      if (!next) return refuse(seg);
      current = next;
    }
  }
  return null;
}
