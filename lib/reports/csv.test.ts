import { describe, expect, it } from "vitest";
import { csvAmount, csvDocument } from "./csv";

describe("admin CSV documents", () => {
  it("writes amounts with their sign, guards text that could be a formula, and ends lines with CRLF", () => {
    const doc = csvDocument(["Name", "Currency", "Amount"], [
      ["Refund, partial", "USD", csvAmount(-1234, "usd")],
      ["=HYPERLINK(1)", "JPY", csvAmount(-500, "jpy")],
      ["-note", "USD", csvAmount(5, "usd")],
      [null, "USD", 7],
    ]);
    expect(doc.split("\r\n")).toEqual(["Name,Currency,Amount", '"Refund, partial",USD,-12.34', "'=HYPERLINK(1),JPY,-500", "'-note,USD,0.05", ",USD,7", ""]);
  });
});
