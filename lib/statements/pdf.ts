import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import { formatMoney, minorToMajorString, type Money } from "@/lib/money";
import { TRANSACTION_TYPE_LABELS } from "./labels";
import type { StatementRow } from "./types";
import { formatDate, platformTimeZone } from "@/lib/dates";

export interface StatementPdfInput {
  /** Member or organisation name shown in the header. */
  holderName: string;
  /** e.g. "Wallet" or "Organisation account". */
  accountLabel?: string;
  from?: Date;
  /** Exclusive, as in statement queries; shown as the day before. */
  to?: Date;
  /** When no start is chosen, the first transaction's date starts the stated period. */
  firstTransactionAt?: Date;
  openingBalance: Money;
  closingBalance: Money;
  rows: AsyncIterable<StatementRow> | Iterable<StatementRow>;
  generatedAt?: Date;
}

const PAGE = { width: 595.28, height: 841.89, margin: 40 }; // A4 portrait, points
const FONT_SIZE = 8;
const ROW_HEIGHT = 12;
const COLUMNS = [
  { title: "Date", width: 62, align: "left" },
  { title: "Counterparty", width: 100, align: "left" },
  { title: "Reference", width: 62, align: "left" },
  { title: "Type", width: 66, align: "left" },
  { title: "Description", width: 110, align: "left" },
  { title: "Amount", width: 57, align: "right" },
  { title: "Balance", width: 58, align: "right" },
] as const;

// The standard PDF fonts only encode WinAnsi (Latin-1 plus a few signs): anything else is shown as "?" rather
// than failing the whole download.
const WIN_ANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");
function printable(text: string): string {
  let out = "";
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    out += (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.has(ch) ? ch : c < 0x20 ? " " : "?";
  }
  return out;
}

function fit(text: string, font: PDFFont, width: number): string {
  const t = printable(text);
  if (font.widthOfTextAtSize(t, FONT_SIZE) <= width) return t;
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (font.widthOfTextAtSize(`${t.slice(0, mid)}…`, FONT_SIZE) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${t.slice(0, lo)}…`;
}

function asyncIterator<T>(items: AsyncIterable<T> | Iterable<T>): AsyncIterator<T> | Iterator<T> {
  return Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]();
}

function day(d: Date): string {
  return formatDate(d, "day");
}

/**
 * The period a statement PDF states: the chosen start (or the first transaction's day) to the last day
 * covered, never "opening": "1 Nov 2026 to 1 Dec 2026"; with no transaction and no start, "up to 1 Dec 2026".
 */
export function statementPeriod(from: Date | undefined, lastDay: Date): string {
  return from ? `${day(from)} to ${day(lastDay)}` : `up to ${day(lastDay)} (no transactions)`;
}

/**
 * A statement as PDF: a header with the holder, period and opening/closing balances on the first page, the
 * table (header row repeated on every page), and "Page n of N" on every page.
 */
export async function statementPdf(input: StatementPdfInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Statement: ${printable(input.holderName)}`);
  doc.setProducer("Plaza");
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const currency = input.openingBalance.currency;
  let page: PDFPage = doc.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - PAGE.margin;

  const text = (p: PDFPage, s: string, x: number, yy: number, f = font, size = FONT_SIZE) =>
    p.drawText(printable(s), { x, y: yy, size, font: f, color: rgb(0.1, 0.1, 0.1) });

  // Header (first page).
  text(page, "Plaza statement", PAGE.margin, y - 6, bold, 16);
  y -= 30;
  text(page, `${input.accountLabel ?? "Account"}: ${input.holderName}`, PAGE.margin, y, bold, 11);
  y -= 16;
  const to = input.to ? new Date(input.to.getTime() - 1) : input.generatedAt ?? new Date();
  // Rows come oldest first: the first one starts the period when no start was chosen.
  const rows = asyncIterator(input.rows);
  let next = await rows.next();
  // A real period: from the chosen start (or the first transaction), through the last day covered.
  const from = input.from ?? input.firstTransactionAt ?? (next.done ? undefined : next.value.date);
  const period = statementPeriod(from, to);
  text(page, `Period: ${period}   Currency: ${currency.toUpperCase()}   Times: ${platformTimeZone()}`, PAGE.margin, y, font, 10);
  y -= 14;
  text(page, `Opening balance: ${formatMoney(input.openingBalance)}    Closing balance: ${formatMoney(input.closingBalance)}`, PAGE.margin, y, font, 10);
  y -= 24;

  const drawTableHeader = () => {
    let x = PAGE.margin;
    for (const c of COLUMNS) {
      const w = bold.widthOfTextAtSize(c.title, FONT_SIZE);
      text(page, c.title, c.align === "right" ? x + c.width - w - 2 : x, y, bold);
      x += c.width;
    }
    page.drawLine({ start: { x: PAGE.margin, y: y - 3 }, end: { x: PAGE.width - PAGE.margin, y: y - 3 }, thickness: 0.5 });
    y -= ROW_HEIGHT + 2;
  };
  drawTableHeader();

  let count = 0;
  for (; !next.done; next = await rows.next()) {
    const r = next.value;
    if (y < PAGE.margin + 20) {
      page = doc.addPage([PAGE.width, PAGE.height]);
      y = PAGE.height - PAGE.margin;
      drawTableHeader();
    }
    const cells = [
      day(r.date),
      r.counterparty ?? "",
      r.reference,
      TRANSACTION_TYPE_LABELS[r.type],
      r.description,
      minorToMajorString(r.amount, r.currency),
      minorToMajorString(r.balance, r.currency),
    ];
    let x = PAGE.margin;
    COLUMNS.forEach((c, i) => {
      const s = fit(cells[i], font, c.width - 4);
      const w = font.widthOfTextAtSize(s, FONT_SIZE);
      text(page, s, c.align === "right" ? x + c.width - w - 2 : x, y);
      x += c.width;
    });
    y -= ROW_HEIGHT;
    count += 1;
  }
  if (count === 0) text(page, "No transactions in this period.", PAGE.margin, y);

  const pages = doc.getPages();
  pages.forEach((p, i) => {
    const label = `Page ${i + 1} of ${pages.length}`;
    text(p, label, PAGE.width - PAGE.margin - font.widthOfTextAtSize(label, FONT_SIZE), PAGE.margin / 2);
    text(p, `Generated ${formatDate(input.generatedAt ?? new Date())}`, PAGE.margin, PAGE.margin / 2);
  });
  return doc.save();
}
