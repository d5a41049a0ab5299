import type { ReactNode } from "react";

export interface Column<Row> {
  /** Column header; on narrow screens also the label in front of each value. */
  header: string;
  cell: (row: Row) => ReactNode;
  /** Numbers and amounts align right so their digits line up. */
  align?: "left" | "right";
  /** Keep the value on one line (dates, references, amounts). */
  nowrap?: boolean;
  /** Header for screen readers only, no label on narrow screens (e.g. a column of buttons). */
  hideHeader?: boolean;
  /** Extra classes for the cell (colour, font). */
  className?: string;
  /** data-testid of each cell in this column. */
  testId?: string;
}

type DataAttributes = { [name: `data-${string}`]: string | undefined };

/**
 * Widths a table may ask for, as classes: the page's Content-Security-Policy refuses inline style attributes,
 * so the width cannot be set with `style`.
 */
const MIN_WIDTH_CLASS = { 640: "sm:min-w-[640px]", 720: "sm:min-w-[720px]", 760: "sm:min-w-[760px]", 880: "sm:min-w-[880px]" } as const;
export type TableMinWidth = keyof typeof MIN_WIDTH_CLASS;

export interface DataTableProps<Row> {
  /** Names the table and its scroll region for screen readers. */
  caption: string;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string | number;
  /** data-* attributes of each row (data-testid included). */
  rowAttributes?: (row: Row) => DataAttributes;
  /** data-testid of the table element. */
  testId?: string;
  /**
   * From `sm` up, the table is at least this wide (px) and scrolls sideways inside its region when the screen is
   * narrower, with a visible hint; below `sm` rows are stacked cards, so every column is on screen anyway.
   */
  minWidth?: TableMinWidth;
  /** Inside a Card: let the scroll region reach the card's edges. */
  bleed?: boolean;
}

/**
 * The one table of the app. On screens below `sm` each row becomes a card listing "Header value" pairs, so no
 * column (an amount, a balance) is ever pushed out of view; from `sm` up it is an ordinary table. The same DOM
 * serves both layouts (one set of cells and test ids), and the explicit ARIA roles keep the table semantics that
 * browsers drop when table elements are restyled as blocks.
 */
export function DataTable<Row>({ caption, columns, rows, rowKey, rowAttributes, testId, minWidth, bleed = false }: DataTableProps<Row>) {
  const widthClass = minWidth ? MIN_WIDTH_CLASS[minWidth] : "";
  return (
    <div className={bleed ? "-mx-5 px-5" : undefined}>
      <div className="sm:overflow-x-auto" tabIndex={0} role="region" aria-label={caption}>
        <table role="table" className={`w-full text-left text-sm max-sm:block ${widthClass}`} data-testid={testId}>
          <caption className="sr-only">{caption}</caption>
          <thead role="rowgroup" className="text-xs uppercase text-slate-500 max-sm:sr-only">
            <tr role="row">
              {columns.map((c, i) => (
                <th
                  key={`${i}-${c.header}`}
                  role="columnheader"
                  scope="col"
                  className={`py-2 font-medium ${i < columns.length - 1 ? "pr-3" : ""} ${c.align === "right" ? "text-right" : ""}`}
                >
                  {c.hideHeader ? <span className="sr-only">{c.header}</span> : c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody role="rowgroup" className="divide-y divide-slate-100 max-sm:block">
            {rows.map((row) => (
              <tr key={rowKey(row)} role="row" className="max-sm:block max-sm:py-2" {...rowAttributes?.(row)}>
                {columns.map((c, i) => (
                  <td
                    key={`${i}-${c.header}`}
                    role="cell"
                    data-label={c.hideHeader ? undefined : c.header}
                    data-testid={c.testId}
                    className={[
                      "py-2 sm:align-baseline",
                      i < columns.length - 1 ? "sm:pr-3" : "",
                      c.align === "right" ? "sm:text-right" : "",
                      c.nowrap ? "sm:whitespace-nowrap" : "",
                      // Narrow screens: a "label value" line, the value on the right, long values wrapping.
                      "max-sm:flex max-sm:items-baseline max-sm:justify-between max-sm:gap-4 max-sm:py-0.5 max-sm:text-right",
                      "max-sm:before:shrink-0 max-sm:before:text-left max-sm:before:text-xs max-sm:before:font-medium max-sm:before:uppercase max-sm:before:text-slate-500 max-sm:before:content-[attr(data-label)]",
                      c.className ?? "",
                    ].join(" ")}
                  >
                    {/* One flex item beside the label, however many elements the cell renders. */}
                    <div className="min-w-0 break-words">{c.cell(row)}</div>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {minWidth ? (
        <p className="mt-2 hidden text-xs text-slate-500 sm:block lg:hidden" aria-hidden="true">
          Scroll sideways to see every column →
        </p>
      ) : null}
    </div>
  );
}
