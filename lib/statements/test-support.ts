import { minorToMajorString } from "@/lib/money";
import { TRANSACTION_TYPE_LABELS } from "./labels";
import type { StatementRow } from "./types";

/**
 * The statement CSV line as first written, by the plain rules (before the fast paths): RFC 4180 quoting, the
 * formula guard on text cells, amounts by minorToMajorString. Every faster path must be byte-identical to it.
 */
function referenceCell(value: string): string {
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

export function referenceCsvLine(r: StatementRow): string {
  return [
    r.date.toISOString().replace(/\.\d{3}Z$/, "Z"),
    referenceCell(r.counterparty ?? ""),
    referenceCell(r.reference),
    referenceCell(TRANSACTION_TYPE_LABELS[r.type]),
    referenceCell(r.description),
    minorToMajorString(r.amount, r.currency),
    minorToMajorString(r.balance, r.currency),
  ].join(",");
}
