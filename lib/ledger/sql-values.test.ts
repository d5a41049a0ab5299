import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { date, timestamp } from "./sql-values";

/** Postgres's ISO DateStyle text for a time at a UTC offset, with 0-6 fraction digits. */
function pgText(ms: number, offsetMinutes: number, fractionDigits: number, micros: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString();
  const fraction = fractionDigits === 0 ? "" : `.${(local.slice(20, 23) + String(micros).padStart(3, "0")).slice(0, fractionDigits)}`;
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = abs % 60 === 0 ? "" : `:${String(abs % 60).padStart(2, "0")}`;
  return `${local.slice(0, 10)} ${local.slice(11, 19)}${fraction}${offsetMinutes < 0 ? "-" : "+"}${hh}${mm}`;
}

describe("timestamp text from the database", () => {
  it("reads to the same Date as the general parser", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1000, 0, 2), max: Date.UTC(9999, 11, 30) }),
        fc.constantFrom(0, 60, -180, 330, 345, -570, 840, -720),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 999 }),
        (ms, offset, digits, micros) => {
          const text = pgText(ms, offset, digits, micros);
          expect(timestamp(text).getTime()).toBe(date(text).getTime());
        },
      ),
      { numRuns: 5000 },
    );
  });

  it("leaves other shapes to the general parser", () => {
    for (const text of ["2026-11-22T03:35:00Z", "2026-11-22 03:35:00.5+00", "0099-01-01 00:00:00+00", new Date(0).toISOString()]) {
      expect(timestamp(text).getTime()).toBe(date(text).getTime());
    }
    expect(timestamp(new Date(5)).getTime()).toBe(5);
    expect(() => timestamp("2026-11-22 03:35:00 BC")).toThrow(/not a timestamp/);
    expect(() => timestamp(null)).toThrow(/not a timestamp/);
  });
});
