/** JSON value types used for rendering and request decoding. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Deep clone of any JSON-serialisable value into the Json type (drops undefined). */
export function toJson(value: object): JsonObject {
  const parsed: JsonObject = JSON.parse(JSON.stringify(value));
  return parsed;
}

export function isJsonObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Stable stringify (sorted keys) for idempotency comparison. */
export function stableStringify(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  if (isJsonObject(v)) {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableStringify(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}
