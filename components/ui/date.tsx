const mediumFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/**
 * How a time reads: "medium" for people ("22 Nov 2026, 03:35 UTC"), "seconds" for logs where order within a
 * minute matters ("2026-11-22 03:35:07"), "day" for a date alone ("2026-11-22"). All in UTC, so every reader
 * and every server show the same text.
 */
export type DateStyle = "medium" | "seconds" | "day";

export function formatDate(d: Date, style: DateStyle = "medium"): string {
  if (style === "day") return d.toISOString().slice(0, 10);
  if (style === "seconds") return d.toISOString().replace("T", " ").slice(0, 19);
  return `${mediumFormat.format(d)} UTC`;
}

/** A `<time>` element with the machine-readable instant; a missing time shows as a dash. */
export function DateTime({ value, style = "medium", className }: { value: Date | null; style?: DateStyle; className?: string }) {
  if (!value) return <span className={className}>—</span>;
  return (
    <time dateTime={value.toISOString()} className={className}>
      {formatDate(value, style)}
    </time>
  );
}
