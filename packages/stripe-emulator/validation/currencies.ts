import type { FormValue } from '../form.js';
import type { Issue } from './walk.js';

/**
 * Stripe's presentment currencies, minimum charge amounts and decimal rules (docs.stripe.com/currencies). Amounts are
 * integer minor units: zero-decimal currencies count whole units, three-decimal ones must end in 0.
 */
export const SUPPORTED_CURRENCIES = [
  'usd', 'aed', 'afn', 'all', 'amd', 'ang', 'aoa', 'ars', 'aud', 'awg', 'azn', 'bam', 'bbd', 'bdt', 'bgn', 'bhd', 'bif', 'bmd', 'bnd', 'bob',
  'brl', 'bsd', 'bwp', 'byn', 'bzd', 'cad', 'cdf', 'chf', 'clp', 'cny', 'cop', 'crc', 'cve', 'czk', 'djf', 'dkk', 'dop', 'dzd', 'egp', 'etb',
  'eur', 'fjd', 'fkp', 'gbp', 'gel', 'gip', 'gmd', 'gnf', 'gtq', 'gyd', 'hkd', 'hnl', 'htg', 'huf', 'idr', 'ils', 'inr', 'isk', 'jmd', 'jod',
  'jpy', 'kes', 'kgs', 'khr', 'kmf', 'krw', 'kwd', 'kyd', 'kzt', 'lak', 'lbp', 'lkr', 'lrd', 'lsl', 'mad', 'mdl', 'mga', 'mkd', 'mmk', 'mnt',
  'mop', 'mur', 'mvr', 'mwk', 'mxn', 'myr', 'mzn', 'nad', 'ngn', 'nio', 'nok', 'npr', 'nzd', 'omr', 'pab', 'pen', 'pgk', 'php', 'pkr', 'pln',
  'pyg', 'qar', 'ron', 'rsd', 'rub', 'rwf', 'sar', 'sbd', 'scr', 'sek', 'sgd', 'shp', 'sle', 'sos', 'srd', 'std', 'szl', 'thb', 'tjs', 'tnd',
  'top', 'try', 'ttd', 'twd', 'tzs', 'uah', 'ugx', 'uyu', 'uzs', 'vnd', 'vuv', 'wst', 'xaf', 'xcd', 'xof', 'xpf', 'yer', 'zar', 'zmw',
] as const;
const SUPPORTED = new Set<string>(SUPPORTED_CURRENCIES);

export const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);
export const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/** Minimum charge amount in minor units; currencies Stripe does not list settle in USD, so the USD 0.50 applies. */
const MINIMUM: Record<string, number> = {
  usd: 50, aed: 200, aud: 50, bgn: 100, brl: 50, cad: 50, chf: 50, czk: 1500, dkk: 250, eur: 50, gbp: 30, hkd: 400, huf: 17500,
  inr: 50, jpy: 50, mxn: 1000, myr: 200, nok: 300, nzd: 50, pln: 200, ron: 200, sek: 300, sgd: 50, thb: 1000,
};
const USD_MINIMUM = 50;

export function isSupportedCurrency(currency: string): boolean {
  return SUPPORTED.has(currency.toLowerCase());
}

export function minimumAmount(currency: string): number {
  return MINIMUM[currency.toLowerCase()] ?? USD_MINIMUM;
}

/** "$0.50 usd", "¥50 jpy": how Stripe's amount_too_small message spells the minimum. */
export function formatMinimum(currency: string): string {
  const c = currency.toLowerCase();
  const min = minimumAmount(c);
  if (!(c in MINIMUM)) return `$0.50 usd`;
  const digits = ZERO_DECIMAL.has(c) ? 0 : THREE_DECIMAL.has(c) ? 3 : 2;
  const major = digits === 0 ? String(min) : `${Math.floor(min / 10 ** digits)}.${String(min % 10 ** digits).padStart(digits, '0')}`;
  const symbol: Record<string, string> = { usd: '$', eur: '€', gbp: '£', jpy: '¥', aud: 'A$', cad: 'CA$' };
  return `${symbol[c] ?? ''}${major} ${c}`;
}

export function unsupportedCurrency(param: string, value: string): Issue {
  return { code: null, param, message: `Invalid currency: ${value.toLowerCase()}. Stripe currently supports these currencies: ${SUPPORTED_CURRENCIES.join(', ')}` };
}

/** Every `currency` param at any depth (PaymentIntent, Checkout line items, prices, payouts, transfers…). */
export function checkCurrencies(value: FormValue, path = ''): Issue | null {
  if (typeof value === 'string') return null;
  const entries: [string, FormValue][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  for (const [key, v] of entries) {
    const name = path ? `${path}[${key}]` : key;
    if (key === 'currency' && typeof v === 'string' && v !== '' && !isSupportedCurrency(v)) return unsupportedCurrency(name, v);
    if (key === 'metadata') continue;
    const nested = checkCurrencies(v, name);
    if (nested) return nested;
  }
  return null;
}

/** Three-decimal currencies take amounts whose last digit is 0 (Stripe rounds them to hundredths of the major unit). */
export function amountDecimalIssue(amount: number, currency: string, param: string): Issue | null {
  if (THREE_DECIMAL.has(currency.toLowerCase()) && amount % 10 !== 0) {
    return { code: 'parameter_invalid_integer', param, message: `Invalid amount: amounts in ${currency.toLowerCase()} must be divisible by 10 (three-decimal currency).` };
  }
  return null;
}
