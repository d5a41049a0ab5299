import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { DataTable, type Column, type TableMinWidth } from "./data-table";
import { formatDate } from "./date";
import { formatPeriod } from "@/lib/dates";
import { Money } from "./money";

interface Row {
  id: number;
  what: string;
  amount: number;
}

const columns: readonly Column<Row>[] = [
  { header: "What", testId: "what", cell: (r) => r.what },
  { header: "Amount", align: "right", testId: "amount", cell: (r) => <Money value={{ amount: r.amount, currency: "usd" }} signed /> },
  { header: "Actions", hideHeader: true, cell: () => <button type="button">Go</button> },
];

/** Static markup is enough: the table has no client behaviour, and the checks are about what it renders. */
function html(rows: Row[], minWidth?: TableMinWidth): string {
  return renderToStaticMarkup(
    <DataTable caption="Things" columns={columns} rows={rows} rowKey={(r) => r.id} rowAttributes={(r) => ({ "data-testid": "row", "data-id": String(r.id) })} testId="things" minWidth={minWidth} />,
  );
}

describe("DataTable", () => {
  it("renders every cell once, with the column's test id and the header as its narrow-screen label", () => {
    const out = html([{ id: 1, what: "Lunch", amount: -1234 }, { id: 2, what: "Top-up", amount: 5000 }]);
    expect(out.match(/data-testid="row"/g)).toHaveLength(2);
    expect(out).toContain('data-id="2"');
    expect(out.match(/<td[^>]*data-label="Amount"[^>]*data-testid="amount"/g)).toHaveLength(2);
    // Signed amounts: money in gets a "+", money out keeps its "-".
    expect(out).toMatch(/data-testid="amount"[^>]*><div[^>]*><span[^>]*>-\$12\.34<\/span>/);
    expect(out).toMatch(/data-testid="amount"[^>]*><div[^>]*><span[^>]*>\+\$50\.00<\/span>/);
    // A hidden header is still read out, and gives no label.
    expect(out).toContain('<span class="sr-only">Actions</span>');
    expect(out).not.toContain('data-label="Actions"');
  });

  it("is a labelled, keyboard-focusable region with table roles, and hints at sideways scrolling only when it can scroll", () => {
    const plain = html([{ id: 1, what: "x", amount: 1 }]);
    expect(plain).toMatch(/<div[^>]*tabindex="0"[^>]*role="region"[^>]*aria-label="Things"/);
    expect(plain).toContain('role="table"');
    expect(plain).toContain('role="columnheader"');
    expect(plain).toContain('<caption class="sr-only">Things</caption>');
    expect(plain).not.toContain("Scroll sideways");
    const wide = html([{ id: 1, what: "x", amount: 1 }], 760);
    expect(wide).toContain("sm:min-w-[760px]");
    expect(wide).not.toContain("style=");
    expect(wide).toContain("Scroll sideways to see every column");
  });
});

describe("formatDate", () => {
  const d = new Date("2026-11-22T03:35:07.123Z");
  it("formats in the platform's zone (UTC by default) whatever the server's zone", () => {
    expect(formatDate(d)).toBe("22 Nov 2026, 03:35 UTC");
    expect(formatDate(d, "seconds")).toBe("22 Nov 2026, 03:35:07 UTC");
    expect(formatDate(d, "day")).toBe("22 Nov 2026");
    expect(formatDate(d, "iso")).toBe("2026-11-22T03:35:07.123Z");
    expect(formatDate(d, "iso-day")).toBe("2026-11-22");
  });
  it("reads in the viewer's zone when known, naming the zone, and in the locale's order", () => {
    expect(formatDate(d, "medium", { timeZone: "America/New_York" })).toBe("21 Nov 2026, 22:35 GMT-5");
    expect(formatDate(d, "iso-day", { timeZone: "America/New_York" })).toBe("2026-11-21");
    expect(formatDate(d, "day", { locale: "en-US" })).toBe("Nov 22, 2026");
    expect(formatDate(d, "medium", { timeZone: "Not/AZone" })).toBe("22 Nov 2026, 03:35 UTC");
  });
  it("follows PLAZA_TIME_ZONE", () => {
    const before = process.env.PLAZA_TIME_ZONE;
    process.env.PLAZA_TIME_ZONE = "Europe/Paris";
    try {
      expect(formatDate(d)).toBe("22 Nov 2026, 04:35 CET".replace("CET", new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Paris", timeZoneName: "short" }).formatToParts(d).find((p) => p.type === "timeZoneName")!.value));
    } finally {
      if (before === undefined) delete process.env.PLAZA_TIME_ZONE;
      else process.env.PLAZA_TIME_ZONE = before;
    }
  });
  it("states a period in words", () => {
    expect(formatPeriod(new Date("2026-11-01T00:00:00Z"), new Date("2026-11-30T00:00:00Z"))).toBe("1 Nov 2026 to 30 Nov 2026");
    expect(formatPeriod(undefined, new Date("2026-12-01T12:00:00Z"))).toBe("Up to 1 Dec 2026");
  });
});
