/**
 * Plaza's one date and time formatter, used by pages (components/ui/date.tsx), emails, the statement PDF and
 * (ISO 8601) the CSV. Times read in the viewer's time zone when it is known, else the platform's
 * (PLAZA_TIME_ZONE, validated by lib/env.ts; UTC when unset), always with the zone's name so nobody has to
 * guess; the locale decides the order of day, month and year (en-GB by default: "1 Dec 2026, 17:37 UTC").
 * No server-only imports: components may use it.
 */
export type DateStyle = "medium" | "seconds" | "day" | "iso" | "iso-day";

export interface DateOptions {
  /** IANA zone ("Europe/London"); the platform's when unset. */
  timeZone?: string;
  /** BCP 47 locale; "en-GB" when unset. */
  locale?: string;
}

export const DEFAULT_LOCALE = "en-GB";

/** True for a zone Intl knows ("UTC", "Europe/Paris"). */
export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The platform's time zone: PLAZA_TIME_ZONE when it is a real zone, else UTC. */
export function platformTimeZone(): string {
  const zone = typeof process !== "undefined" ? process.env.PLAZA_TIME_ZONE?.trim() : undefined;
  return zone && isValidTimeZone(zone) ? zone : "UTC";
}

const formats = new Map<string, Intl.DateTimeFormat>();
function formatter(style: "medium" | "seconds" | "day", locale: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${style}|${locale}|${timeZone}`;
  let f = formats.get(key);
  if (!f) {
    const base: Intl.DateTimeFormatOptions = { timeZone, day: "numeric", month: "short", year: "numeric" };
    const time: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" };
    f = new Intl.DateTimeFormat(locale, style === "day" ? base : style === "seconds" ? { ...base, ...time, second: "2-digit" } : { ...base, ...time });
    formats.set(key, f);
  }
  return f;
}

/**
 * How a time reads: "medium" for people ("22 Nov 2026, 03:35 UTC"), "seconds" where order within a minute
 * matters (logs: "22 Nov 2026, 03:35:07 UTC"), "day" for a date alone ("22 Nov 2026"), "iso" for machines
 * (CSV, APIs: "2026-11-22T03:35:07.123Z") and "iso-day" for a date in forms and file names ("2026-11-22", in
 * the time zone).
 */
export function formatDate(d: Date, style: DateStyle = "medium", opts: DateOptions = {}): string {
  if (style === "iso") return d.toISOString();
  const timeZone = opts.timeZone && isValidTimeZone(opts.timeZone) ? opts.timeZone : platformTimeZone();
  if (style === "iso-day") {
    const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(d);
    const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
    return `${get("year")}-${get("month")}-${get("day")}`;
  }
  return formatter(style, opts.locale ?? DEFAULT_LOCALE, timeZone).format(d);
}

/** A period of days as people read it: "1 Nov 2026 to 30 Nov 2026", "Up to 1 Dec 2026", "From 1 Nov 2026". */
export function formatPeriod(from: Date | undefined, lastDay: Date | undefined, opts: DateOptions = {}): string {
  if (from && lastDay) return `${formatDate(from, "day", opts)} to ${formatDate(lastDay, "day", opts)}`;
  if (lastDay) return `Up to ${formatDate(lastDay, "day", opts)}`;
  if (from) return `From ${formatDate(from, "day", opts)}`;
  return "All dates";
}
