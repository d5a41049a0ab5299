import { csvAmount as majorUnits, csvTextCell } from "@/lib/statements/csv";

/** An amount Plaza formatted itself: written as it is, since its leading "-" is a sign, not a formula. */
export interface CsvAmountCell {
  readonly amount: string;
}

/** A CSV cell: text is quoted and guarded against formulas (as in statements); numbers and amounts as they are. */
export type CsvCell = string | number | null | CsvAmountCell;

function cell(c: CsvCell): string {
  if (c === null) return "";
  if (typeof c === "number") return String(c);
  if (typeof c === "string") return csvTextCell(c);
  return c.amount;
}

/** A whole CSV document (RFC 4180, CRLF line ends); amounts should come from csvAmount, dates in ISO 8601. */
export function csvDocument(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const line = (cells: readonly CsvCell[]) => cells.map(cell).join(",");
  return [line(header), ...rows.map(line)].join("\r\n") + "\r\n";
}

/** An amount in major units as accountants read it ("-12.34"), never a float. */
export function csvAmount(amount: number, currency: string): CsvAmountCell {
  return { amount: majorUnits(amount, currency) };
}
