/**
 * Money in Plaza: integer minor units as JavaScript safe integers, with an ISO currency on every amount.
 *
 * Why `number` and not `bigint`: every amount Plaza handles fits in 2^53-1 minor units (90 trillion dollars),
 * numbers serialise to JSON and cross Server Component boundaries without ceremony, and the database enforces
 * the same bound (CHECK constraints on the ledger), so a value read back is always exact. Arithmetic that can
 * exceed the safe range in an intermediate step (percentages) is done in bigint and checked on the way out.
 * Floats are never used for money: major-unit strings are parsed digit by digit.
 */

export interface Money {
  /** Signed integer number of minor units (cents, yen, fils); always `Number.isSafeInteger`. */
  amount: number;
  /** Lower-case ISO 4217 code, e.g. "usd". */
  currency: string;
}

export class MoneyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MoneyError";
  }
}

// ISO 4217 minor-unit exponents that differ from the default of 2 (currencies Stripe supports).
const ZERO_DECIMAL = new Set(["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"]);
const THREE_DECIMAL = new Set(["bhd", "jod", "kwd", "omr", "tnd"]);

export function normaliseCurrency(currency: string): string {
  const c = currency.trim().toLowerCase();
  if (!/^[a-z]{3}$/.test(c)) throw new MoneyError(`"${currency}" is not a three-letter ISO currency code such as usd`);
  return c;
}

/** Number of decimal digits of the currency's minor unit: 0 for JPY/KRW, 3 for BHD/KWD, else 2. */
export function currencyExponent(currency: string): number {
  const c = normaliseCurrency(currency);
  if (ZERO_DECIMAL.has(c)) return 0;
  if (THREE_DECIMAL.has(c)) return 3;
  return 2;
}

export function assertMinorUnits(amount: number, what = "amount"): number {
  if (!Number.isSafeInteger(amount)) {
    throw new MoneyError(`${what} must be a whole number of minor units within ±${Number.MAX_SAFE_INTEGER}, got ${amount}`);
  }
  return amount;
}

export function money(amount: number, currency: string): Money {
  return { amount: assertMinorUnits(amount), currency: normaliseCurrency(currency) };
}

function toSafe(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(-Number.MAX_SAFE_INTEGER)) {
    throw new MoneyError(`${what} is outside the safe range of minor units`);
  }
  return Number(value);
}

/** "1234.50" for 123450 usd, "-0.005" for -5 bhd, "1200" for 1200 jpy: exact, from integers. */
export function minorToMajorString(amount: number, currency: string): string {
  assertMinorUnits(amount);
  const exp = currencyExponent(currency);
  const negative = amount < 0;
  const digits = Math.abs(amount).toString();
  if (exp === 0) return (negative ? "-" : "") + digits;
  const padded = digits.padStart(exp + 1, "0");
  const whole = padded.slice(0, -exp);
  const fraction = padded.slice(-exp);
  return `${negative ? "-" : ""}${whole}.${fraction}`;
}

/** Localised display with the currency's own number of digits (Intl formats the decimal string exactly). */
const formatters = new Map<string, Intl.NumberFormat>();

export function formatMoney(m: Money, locale = "en-US"): string {
  const key = `${locale}|${m.currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    const exp = currencyExponent(m.currency);
    // Building a formatter costs ~0.1 ms (ICU data); one per locale and currency is kept.
    formatter = new Intl.NumberFormat(locale, { style: "currency", currency: m.currency.toUpperCase(), minimumFractionDigits: exp, maximumFractionDigits: exp });
    if (formatters.size < 1000) formatters.set(key, formatter);
  }
  // A numeric string keeps full precision (a number would too within the safe range, but a decimal string
  // never goes through binary floating point at all).
  const decimal = minorToMajorString(m.amount, m.currency) as Intl.StringNumericLiteral;
  return formatter.format(decimal);
}

/**
 * Parses what a person typed ("12.34", "12", "-0.5", "1,234.56") into minor units of `currency`. More decimals
 * than the currency has are refused rather than rounded, so nobody pays a fraction they did not see.
 */
export function parseMajorToMinor(input: string, currency: string): number {
  const exp = currencyExponent(currency);
  const text = input.trim().replace(/[,_\s]/g, "");
  const match = /^([+-])?(\d+)(?:\.(\d*))?$/.exec(text) ?? /^([+-])?()\.(\d+)$/.exec(text);
  if (!match) throw new MoneyError(`"${input}" is not an amount; write it like 12.34`);
  const [, sign, whole, fraction = ""] = match;
  if (fraction.length > exp) {
    throw new MoneyError(`"${input}" has more than ${exp} decimal place${exp === 1 ? "" : "s"} for ${currency.toUpperCase()}`);
  }
  const minor = BigInt((whole || "0") + fraction.padEnd(exp, "0"));
  return toSafe(sign === "-" ? -minor : minor, `"${input}"`);
}

/** Integer division rounding half away from zero ("half-up" on magnitudes, symmetric for refunds). */
function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (n * 2n + d) / (d * 2n);
  return negative ? -q : q;
}

/** `amount × basisPoints / 10 000`, rounded half-up to the minor unit (250 bp of 1 001 = 25.025 → 25). */
export function percentOf(amount: number, basisPoints: number): number {
  assertMinorUnits(amount);
  if (!Number.isSafeInteger(basisPoints)) throw new MoneyError(`basis points must be an integer, got ${basisPoints}`);
  return toSafe(divRoundHalfUp(BigInt(amount) * BigInt(basisPoints), 10_000n), "percentage");
}

export interface FeeRule {
  /** Percentage in basis points (2.5% = 250). */
  percentBp: number;
  /** Fixed part in minor units. */
  fixed: number;
  min?: number;
  max?: number;
}

/**
 * Platform fee for a charge of `amount`: percent (half-up) plus fixed, clamped to [min, max], and never more
 * than the charge itself nor below zero.
 */
export function feeFor(amount: number, rule: FeeRule): number {
  assertMinorUnits(amount);
  if (amount < 0) throw new MoneyError("a fee is computed on a non-negative charge amount");
  let fee = percentOf(amount, rule.percentBp) + assertMinorUnits(rule.fixed, "fixed fee");
  if (rule.min !== undefined) fee = Math.max(fee, assertMinorUnits(rule.min, "minimum fee"));
  if (rule.max !== undefined) fee = Math.min(fee, assertMinorUnits(rule.max, "maximum fee"));
  return Math.min(Math.max(fee, 0), amount);
}

/**
 * Splits `amount` by integer `ratios` (largest-remainder method): parts are proportional, differ from the exact
 * share by less than one minor unit, and always sum exactly to `amount`. Ties go to the earlier ratio.
 */
export function allocate(amount: number, ratios: readonly number[]): number[] {
  assertMinorUnits(amount);
  if (ratios.length === 0) throw new MoneyError("allocate needs at least one ratio");
  for (const r of ratios) {
    if (!Number.isSafeInteger(r) || r < 0) throw new MoneyError(`ratios must be non-negative integers, got ${r}`);
  }
  const total = ratios.reduce((s, r) => s + BigInt(r), 0n);
  if (total === 0n) throw new MoneyError("allocate needs at least one positive ratio");
  const sign = amount < 0 ? -1n : 1n;
  const whole = BigInt(Math.abs(amount));
  const parts = ratios.map((r) => (whole * BigInt(r)) / total);
  const remainders = ratios.map((r, i) => ({ i, rem: (whole * BigInt(r)) % total }));
  let left = whole - parts.reduce((s, p) => s + p, 0n);
  remainders.sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    parts[i] += 1n;
    left -= 1n;
  }
  return parts.map((p) => Number(p * sign) + 0); // `+ 0` turns -0 into 0
}

export interface AutoTopUpInput {
  balance: number;
  payment: number;
  /** The balance must not fall below this after the payment. */
  lowLimit: number;
  /** The member's configured top-up amount (> 0). */
  configuredAmount: number;
}

/**
 * The auto top-up rule (called "Cobalt's rule" in lib/wallet, after the payments module wallets came from): a
 * payment that would leave the balance under the low limit first tops up the wallet by the smallest whole
 * multiple of the member's configured amount that brings the balance back up to the limit.
 * need = what brings the balance after the payment back up to the low limit; no
 * top-up (0) when the balance after the payment stays at or above it. Otherwise top up by the configured
 * amount, or, when one configured amount does not cover the need, by the smallest multiple of it that does
 * (so the charge is always "the larger of the configured amount and the need", rounded to whole multiples).
 */
export function autoTopUpAmount({ balance, payment, lowLimit, configuredAmount }: AutoTopUpInput): number {
  assertMinorUnits(balance, "balance");
  assertMinorUnits(payment, "payment");
  assertMinorUnits(lowLimit, "low limit");
  assertMinorUnits(configuredAmount, "configured top-up amount");
  if (configuredAmount <= 0) throw new MoneyError("the configured top-up amount must be positive");
  if (payment < 0) throw new MoneyError("the payment must not be negative");
  const need = lowLimit - (balance - payment);
  if (need <= 0) return 0;
  const c = BigInt(configuredAmount);
  const multiples = (BigInt(need) + c - 1n) / c; // ceiling division in integers, no floats
  return toSafe(multiples * c, "top-up amount");
}
