import { afterEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import { formatDate } from "@/lib/dates";
import { rowDay } from "./pdf-day";

const saved = process.env.PLAZA_TIME_ZONE;
afterEach(() => {
  if (saved === undefined) delete process.env.PLAZA_TIME_ZONE;
  else process.env.PLAZA_TIME_ZONE = saved;
});

describe("the PDF's row day", () => {
  it("is formatDate's day for rows in time order, in zones with half- and three-quarter-hour offsets and DST", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("UTC", "Asia/Kathmandu", "America/St_Johns", "Pacific/Chatham", "Europe/Amsterdam", "Australia/Lord_Howe", "Africa/Monrovia"),
        fc.date({ min: new Date("1960-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }),
        // Mostly steps of a second to 20 minutes, so rows fall on both sides of local midnight within one UTC
        // quarter or hour; some of up to two days.
        fc.array(fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1_000, max: 1_200_000 }) }, { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 172_800_000 }) }), {
          minLength: 1,
          maxLength: 200,
        }),
        (zone, start, steps) => {
          process.env.PLAZA_TIME_ZONE = zone;
          let t = start.getTime();
          for (const step of steps) {
            const d = new Date(t);
            expect(rowDay(d)).toBe(formatDate(d, "day"));
            t += step;
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("follows a change of the platform's time zone", () => {
    const d = new Date("2026-11-30T23:30:00Z");
    process.env.PLAZA_TIME_ZONE = "UTC";
    expect(rowDay(d)).toBe(formatDate(d, "day"));
    process.env.PLAZA_TIME_ZONE = "Asia/Tokyo";
    expect(rowDay(d)).toBe(formatDate(d, "day"));
    expect(rowDay(d)).not.toBe(formatDate(d, "day", { timeZone: "UTC" }));
  });
});
