import { z } from "zod";

/**
 * The one rule for calendar dates from users (statement filters, report dates): `YYYY-MM-DD` naming a day
 * that exists. `new Date("2026-02-30")` silently becomes 2 March and `2026-13-45` becomes an Invalid Date that
 * crashes the query later, so both are refused here with a 422 instead.
 */
const SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The UTC midnight of a real calendar day between years 1970 and 9999, or null. */
export function parseCalendarDate(value: string): Date | null {
  const m = SHAPE.exec(value);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1970 || month < 1 || month > 12 || day < 1) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls over (Feb 30 -> Mar 2): a real day survives the round trip unchanged.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date;
}

/** A zod field for a real calendar day; parses to the day's UTC midnight. */
export function calendarDate(message = "must be a real date like 2026-01-31") {
  return z
    .string()
    .max(10, message)
    .transform((value, ctx) => {
      const date = parseCalendarDate(value);
      if (!date) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return date;
    });
}
