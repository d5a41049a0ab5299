import { platformTimeZone } from "@/lib/dates";
import { parseCalendarDate } from "@/lib/validation/dates";

/** Minutes east of UTC of `zone` at the instant `at`. */
function offsetMinutes(at: Date, zone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour") % 24, get("minute"), get("second"));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The instant a calendar day (YYYY-MM-DD) starts in `zone` (the platform's by default). */
export function startOfDay(day: string, zone = platformTimeZone()): Date {
  const utcMidnight = parseCalendarDate(day);
  if (!utcMidnight) throw new Error(`not a calendar day: ${day}`);
  let guess = utcMidnight.getTime() - offsetMinutes(utcMidnight, zone) * 60_000;
  // Once more at the guess: the offset may differ across a DST change between UTC midnight and local midnight.
  guess = utcMidnight.getTime() - offsetMinutes(new Date(guess), zone) * 60_000;
  return new Date(guess);
}

/** The calendar day after `day`. */
export function nextDay(day: string): string {
  const d = parseCalendarDate(day);
  if (!d) throw new Error(`not a calendar day: ${day}`);
  return new Date(d.getTime() + 86_400_000).toISOString().slice(0, 10);
}

/** The exclusive end of a calendar day in `zone`: a balance "at" the day is the sum of entries before it. */
export function endOfDay(day: string, zone = platformTimeZone()): Date {
  return startOfDay(nextDay(day), zone);
}

/** Today's calendar day in `zone`. */
export function today(now = new Date(), zone = platformTimeZone()): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** The last day of the month before `now`'s month, in `zone`: the default settlement reference date. */
export function lastDayOfPreviousMonth(now = new Date(), zone = platformTimeZone()): string {
  const [y, m] = today(now, zone).split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, 0)).toISOString().slice(0, 10);
}
