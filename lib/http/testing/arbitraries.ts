import fc from "fast-check";

/**
 * Hostile input for the property tests of every JSON endpoint: strings with NUL, control characters and
 * unpaired surrogates, impossible dates, huge and fractional numbers, wrong types, broken JSON, odd headers.
 */
export const nastyString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.constantFrom("", " ", "\u0000", "a\u0000b", "\ud800", "x\udfff", "\u202e", "\u0007bell", "line\nbreak", "2026-02-30", "2026-13-45", "0000-00-00", "2026-02-28", "9999-12-31"),
  fc.constantFrom("recipient@plaza.test", " RECIPIENT@Plaza.test ", "sender@plaza.test", "nobody@plaza.test", "not-an-email", "a@b"),
  fc.constant("x".repeat(300)),
);

export const nastyNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1, 499, 500, 1000, 100000, 100001, 2 ** 31, Number.MAX_SAFE_INTEGER, 1e21, -0, 0.5),
);

const leaf = fc.oneof(nastyString, nastyNumber, fc.boolean(), fc.constant(null));
export const nastyValue = fc.oneof(leaf, fc.array(leaf, { maxLength: 3 }), fc.dictionary(nastyString, leaf, { maxKeys: 3 }));

/** A request body: an object with the endpoint's field names (and others), any JSON, or text that is not JSON. */
export function nastyBody(fields: string[]) {
  return fc.oneof(
    { weight: 6, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom(...fields), nastyString), nastyValue, { maxKeys: fields.length + 1 }).map((o) => JSON.stringify(o)) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  );
}

// Header values must be ByteStrings without CR, LF or NUL, or the test's own Request would refuse them.
const headerValue = fc.oneof(fc.stringMatching(/^[\x20-\x7e]{0,40}$/), fc.constantFrom("not a url", "http://[::1", "null", "application/json", "text/plain", "multipart/form-data; boundary=x", "\xff\xfe"));
const headerName = fc.constantFrom("content-type", "origin", "cookie", "x-forwarded-for", "x-plaza-client-ip", "accept", "referer", "sec-fetch-site", "stripe-signature", "authorization", "x-forwarded-host");
export const nastyHeaders = fc.dictionary(headerName, headerValue, { maxKeys: 4 });

export function nastyQuery(keys: string[]) {
  return fc.dictionary(fc.oneof(fc.constantFrom(...keys), nastyString), nastyString, { maxKeys: keys.length + 1 }).map((q) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) params.append(k, v);
    return params.toString();
  });
}

/** A body whose fields are each either a plausible value or a hostile one, with the right content type. */
export function plausibleBody(fields: Record<string, fc.Arbitrary<unknown>>) {
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, good] of Object.entries(fields)) record[name] = fc.oneof({ weight: 3, arbitrary: good }, { weight: 1, arbitrary: nastyValue });
  return fc.record(record, { requiredKeys: [] }).map((o) => JSON.stringify(o));
}
