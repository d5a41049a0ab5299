import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  allocate,
  autoTopUpAmount,
  currencyExponent,
  feeFor,
  formatMoney,
  minorToMajorString,
  money,
  MoneyError,
  parseMajorToMinor,
  percentOf,
} from "./money";

describe("currency exponents", () => {
  it("knows zero-, two- and three-decimal currencies", () => {
    expect(currencyExponent("JPY")).toBe(0);
    expect(currencyExponent("krw")).toBe(0);
    expect(currencyExponent("usd")).toBe(2);
    expect(currencyExponent("eur")).toBe(2);
    expect(currencyExponent("BHD")).toBe(3);
    expect(currencyExponent("kwd")).toBe(3);
  });
  it("rejects codes that are not three letters", () => {
    expect(() => currencyExponent("us")).toThrow(MoneyError);
    expect(() => money(1, "dollars")).toThrow(/three-letter/);
  });
  it("rejects unsafe or fractional minor units", () => {
    expect(() => money(1.5, "usd")).toThrow(MoneyError);
    expect(() => money(2 ** 53, "usd")).toThrow(MoneyError);
  });
});

describe("formatting", () => {
  it("uses the currency's digits", () => {
    expect(formatMoney({ amount: 123456, currency: "usd" })).toBe("$1,234.56");
    expect(formatMoney({ amount: 1200, currency: "jpy" })).toBe("¥1,200");
    expect(formatMoney({ amount: 1234567, currency: "bhd" }, "en-US").replace(/\s/g, " ")).toBe("BHD 1,234.567");
    expect(formatMoney({ amount: -5, currency: "usd" })).toBe("-$0.05");
    expect(formatMoney({ amount: 123456, currency: "eur" }, "de-DE").replace(/\s/g, " ")).toBe("1.234,56 €");
  });
  it("is exact at the edge of the safe range", () => {
    expect(formatMoney({ amount: Number.MAX_SAFE_INTEGER, currency: "usd" })).toBe("$90,071,992,547,409.91");
  });
  it("converts minor units to decimal strings without floats", () => {
    expect(minorToMajorString(5, "usd")).toBe("0.05");
    expect(minorToMajorString(-123, "usd")).toBe("-1.23");
    expect(minorToMajorString(1200, "jpy")).toBe("1200");
    expect(minorToMajorString(7, "kwd")).toBe("0.007");
    expect(minorToMajorString(0, "usd")).toBe("0.00");
  });
});

describe("parseMajorToMinor", () => {
  it("parses decimal strings digit by digit", () => {
    expect(parseMajorToMinor("12.34", "usd")).toBe(1234);
    expect(parseMajorToMinor("12.3", "usd")).toBe(1230);
    expect(parseMajorToMinor("12", "usd")).toBe(1200);
    expect(parseMajorToMinor(" 1,234.56 ", "usd")).toBe(123456);
    expect(parseMajorToMinor(".5", "usd")).toBe(50);
    expect(parseMajorToMinor("-0.01", "usd")).toBe(-1);
    expect(parseMajorToMinor("1200", "jpy")).toBe(1200);
    expect(parseMajorToMinor("1.005", "bhd")).toBe(1005);
    // 0.1 + 0.2 style float traps do not exist here
    expect(parseMajorToMinor("0.29", "usd")).toBe(29);
    expect(parseMajorToMinor("1.15", "usd")).toBe(115);
  });
  it("refuses more decimals than the currency has, and non-numbers", () => {
    expect(() => parseMajorToMinor("1.234", "usd")).toThrow(/more than 2 decimal places/);
    expect(() => parseMajorToMinor("1.5", "jpy")).toThrow(/more than 0 decimal places/);
    expect(() => parseMajorToMinor("1e3", "usd")).toThrow(MoneyError);
    expect(() => parseMajorToMinor("", "usd")).toThrow(MoneyError);
    expect(() => parseMajorToMinor("abc", "usd")).toThrow(MoneyError);
    expect(() => parseMajorToMinor("99999999999999999", "usd")).toThrow(/safe range/);
  });
  it("round-trips with minorToMajorString", () => {
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), fc.constantFrom("usd", "jpy", "bhd"), (n, c) => {
        expect(parseMajorToMinor(minorToMajorString(n, c), c)).toBe(n);
      }),
    );
  });
});

describe("percentOf", () => {
  it("rounds half-up to the minor unit", () => {
    expect(percentOf(1000, 250)).toBe(25);
    expect(percentOf(1001, 250)).toBe(25); // 25.025
    expect(percentOf(1002, 250)).toBe(25); // 25.05 → 25 (below half a unit)
    expect(percentOf(1020, 250)).toBe(26); // 25.5 → 26
    expect(percentOf(-1020, 250)).toBe(-26); // symmetric for refunds
    expect(percentOf(1, 5000)).toBe(1); // 0.5 → 1
    expect(percentOf(1, 4999)).toBe(0);
  });
  it("matches exact rational rounding (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.integer({ min: 0, max: 10_000 }), (amount, bp) => {
        const exact = BigInt(amount) * BigInt(bp); // in 1/10000 of a minor unit
        const p = BigInt(percentOf(amount, bp));
        // |p*10000 - exact| <= 5000, and exactly-half rounds up
        const diff = p * 10_000n - exact;
        expect(diff <= 5000n && diff > -5000n).toBe(true);
      }),
    );
  });
  it("does not overflow in the intermediate product", () => {
    expect(percentOf(Number.MAX_SAFE_INTEGER, 100)).toBe(90071992547410);
  });
});

describe("feeFor", () => {
  it("adds percent and fixed, clamps to min and max and to the charge", () => {
    expect(feeFor(10_000, { percentBp: 290, fixed: 30 })).toBe(320);
    expect(feeFor(100, { percentBp: 500, fixed: 0, min: 50 })).toBe(50);
    expect(feeFor(1_000_000, { percentBp: 500, fixed: 0, max: 2_000 })).toBe(2_000);
    expect(feeFor(20, { percentBp: 0, fixed: 30 })).toBe(20);
    expect(feeFor(0, { percentBp: 500, fixed: 30 })).toBe(0);
  });
  it("refuses negative charges", () => {
    expect(() => feeFor(-1, { percentBp: 1, fixed: 0 })).toThrow(MoneyError);
  });
});

describe("allocate", () => {
  it("splits by largest remainder", () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(5, [3, 7])).toEqual([2, 3]);
    expect(allocate(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(allocate(0, [1, 2])).toEqual([0, 0]);
    expect(allocate(10, [0, 1])).toEqual([0, 10]);
  });
  it("refuses empty or all-zero ratios", () => {
    expect(() => allocate(1, [])).toThrow(MoneyError);
    expect(() => allocate(1, [0, 0])).toThrow(MoneyError);
    expect(() => allocate(1, [-1, 2])).toThrow(MoneyError);
  });
  it("always sums to the whole and stays within one unit of the exact share (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(10 ** 12), max: 10 ** 12 }),
        fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 12 }).filter((r) => r.some((x) => x > 0)),
        (amount, ratios) => {
          const parts = allocate(amount, ratios);
          expect(parts.reduce((s, p) => s + p, 0)).toBe(amount);
          const total = ratios.reduce((s, r) => s + r, 0);
          parts.forEach((p, i) => {
            const exactTimesTotal = BigInt(amount) * BigInt(ratios[i]);
            const diff = BigInt(p) * BigInt(total) - exactTimesTotal;
            expect(diff < BigInt(total) && diff > -BigInt(total)).toBe(true);
          });
        },
      ),
    );
  });
});

describe("autoTopUpAmount (smallest whole multiple of the configured amount that restores the low limit)", () => {
  it("is 0 when the balance after the payment stays at or above the low limit", () => {
    expect(autoTopUpAmount({ balance: 5000, payment: 1000, lowLimit: 1000, configuredAmount: 2000 })).toBe(0);
    expect(autoTopUpAmount({ balance: 5000, payment: 4000, lowLimit: 1000, configuredAmount: 2000 })).toBe(0);
  });
  it("tops up by the configured amount when that covers the need", () => {
    // after = 500, need = 500
    expect(autoTopUpAmount({ balance: 1500, payment: 1000, lowLimit: 1000, configuredAmount: 2000 })).toBe(2000);
  });
  it("tops up by whole multiples of the configured amount when one is not enough", () => {
    // after = -4000, need = 5000 → 3 × 2000
    expect(autoTopUpAmount({ balance: 1000, payment: 5000, lowLimit: 1000, configuredAmount: 2000 })).toBe(6000);
    // need exactly two multiples
    expect(autoTopUpAmount({ balance: 0, payment: 3000, lowLimit: 1000, configuredAmount: 2000 })).toBe(4000);
  });
  it("refuses a non-positive configured amount", () => {
    expect(() => autoTopUpAmount({ balance: 0, payment: 1, lowLimit: 0, configuredAmount: 0 })).toThrow(MoneyError);
  });
  it("always restores the low limit with the smallest multiple (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 9 }),
        fc.integer({ min: 0, max: 10 ** 9 }),
        fc.integer({ min: 0, max: 10 ** 7 }),
        fc.integer({ min: 1, max: 10 ** 7 }),
        (balance, payment, lowLimit, configuredAmount) => {
          const t = autoTopUpAmount({ balance, payment, lowLimit, configuredAmount });
          const after = balance - payment;
          expect(t % configuredAmount).toBe(0);
          if (after >= lowLimit) expect(t).toBe(0);
          else {
            expect(after + t).toBeGreaterThanOrEqual(lowLimit);
            expect(after + t - configuredAmount).toBeLessThan(lowLimit);
            expect(t).toBeGreaterThanOrEqual(Math.max(configuredAmount, lowLimit - after));
          }
        },
      ),
    );
  });
});
