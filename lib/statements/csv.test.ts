import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ledgerTransactionType } from "@/db/schema";
import { statementCsvLine } from "./csv";
import { referenceCsvLine } from "./test-support";
import type { StatementRow } from "./types";

const text = fc.oneof(
  fc.string(),
  fc.constantFrom("=1+1", "+44", "-x", "@A1", "\tx", "\rx", 'a "b"', "a,b", "line\nbreak", "", "Top-up", "Ticket #3"),
);
const amount = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.maxSafeInteger(), fc.constantFrom(0, -1, 5, -5, 99, -100, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER));
const row: fc.Arbitrary<StatementRow> = fc.record({
  entryId: fc.nat(),
  transactionId: fc.nat(),
  date: fc.date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }),
  counterparty: fc.option(text),
  reference: text,
  type: fc.constantFrom(...ledgerTransactionType.enumValues),
  description: text,
  amount,
  currency: fc.constantFrom("usd", "eur", "jpy", "krw", "bhd", "kwd", "gbp"),
  balance: amount,
});

describe("statement CSV line", () => {
  it("is byte-identical to the reference formatting", () => {
    fc.assert(
      fc.property(row, (r) => {
        expect(statementCsvLine(r)).toBe(referenceCsvLine(r));
      }),
      { numRuns: 3000 },
    );
  });

  it("formats dates outside years 0-9999 like toISOString does", () => {
    const r: StatementRow = { entryId: 1, transactionId: 1, date: new Date(Date.UTC(12000, 0, 1, 2, 3, 4, 567)), counterparty: null, reference: "R", type: "fee", description: "d", amount: 1, currency: "usd", balance: 1 };
    expect(statementCsvLine(r)).toBe(referenceCsvLine(r));
  });
});
