import { csvTextCell } from "@/lib/statements/csv";
import { minorToMajorString } from "@/lib/money";

/** A CSV cell: text is quoted and guarded against formulas (as in statements); numbers and signed amounts as they are. */
export type CsvCell = string | number | null | CsvNumber;

/** A decimal number written as it is (a signed amount like "-5.00" must not be formula-guarded into text). */
export interface CsvNumber {
  readonly decimal: string;
}

/** A whole CSV document (RFC 4180, CRLF line ends); amounts should come from csvAmount, dates in ISO 8601. */
export function csvDocument(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const line = (cells: readonly CsvCell[]) => cells.map((c) => (c === null ? "" : typeof c === "number" ? String(c) : typeof c === "object" ? c.decimal : csvTextCell(c))).join(",");
  return [line(header), ...rows.map(line)].join("\r\n") + "\r\n";
}

/** An amount in major units as accountants read it ("12.34"), never a float. */
export function csvAmount(amount: number, currency: string): string {
  return minorToMajorString(amount, currency);
}

/** A signed amount in major units as a number cell ("-5.00", not the text "'-5.00"). */
export function csvSignedAmount(amount: number, currency: string): CsvNumber {
  const decimal = minorToMajorString(amount, currency);
  if (!/^-?\d+(\.\d+)?$/.test(decimal)) throw new Error(`not a decimal: ${decimal}`);
  return { decimal };
}
