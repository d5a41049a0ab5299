import { formatDate, platformTimeZone } from "@/lib/dates";

/**
 * The day a row shows, formatted once per quarter hour of the same time zone: rows come in time order, so nearly
 * every row repeats the previous one's day. Since 1973 every zone's offset is a whole number of quarter hours
 * (Monrovia's -0:44:30 was the last exception), so a quarter hour never spans two days; earlier rows are
 * formatted one by one.
 */
const QUARTER_HOURS_SINCE = Date.UTC(1973, 0, 1);
const lastDay = { zone: "", quarter: NaN, text: "" };
export function rowDay(d: Date): string {
  const t = d.getTime();
  if (t < QUARTER_HOURS_SINCE) return formatDate(d, "day");
  const zone = platformTimeZone();
  const quarter = Math.floor(t / 900_000);
  if (quarter !== lastDay.quarter || zone !== lastDay.zone) {
    lastDay.text = formatDate(d, "day");
    lastDay.quarter = quarter;
    lastDay.zone = zone;
  }
  return lastDay.text;
}
