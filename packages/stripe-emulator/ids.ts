import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function base62(length: number): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    const b = bytes[i];
    if (b < 248) out += ALPHABET[b % 62];
  }
  while (out.length < length) out += ALPHABET[randomBytes(1)[0] % 62];
  return out;
}

/** Default id shape: prefix + base62(24), except a few documented exceptions. */
export function newId(prefix: string): string {
  if (prefix === 'acct') return `acct_1${base62(15)}`;
  if (prefix === 'cus') return `cus_${base62(14)}`;
  if (prefix === 'cs') return `cs_test_a1${base62(56)}`;
  if (prefix === 'req') return `req_${base62(14)}`;
  return `${prefix}_${base62(24)}`;
}

export function secretFor(id: string): string {
  return `${id}_secret_${base62(25)}`;
}
