import { formatDate, type DateOptions, type DateStyle } from "@/lib/dates";

export { formatDate, type DateStyle } from "@/lib/dates";

/** A `<time>` element with the machine-readable instant, read with Plaza's one formatter; a missing time is a dash. */
export function DateTime({ value, style = "medium", className, ...opts }: { value: Date | null; style?: DateStyle; className?: string } & DateOptions) {
  if (!value) return <span className={className}>—</span>;
  return (
    <time dateTime={value.toISOString()} className={className}>
      {formatDate(value, style, opts)}
    </time>
  );
}
