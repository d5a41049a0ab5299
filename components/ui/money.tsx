import { formatMoney, type Money as MoneyValue } from "@/lib/money";

/**
 * An amount in its currency, in tabular figures so columns line up, never broken across lines. `signed` puts a
 * "+" before money in (a "-" is part of the formatted amount already).
 */
export function Money({ value, signed = false, className = "" }: { value: MoneyValue; signed?: boolean; className?: string }) {
  return (
    <span className={`whitespace-nowrap tabular-nums ${className}`}>
      {signed && value.amount > 0 ? "+" : ""}
      {formatMoney(value)}
    </span>
  );
}
