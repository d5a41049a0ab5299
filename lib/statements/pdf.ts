import { deflateSync } from "node:zlib";
import { PDFDocument, StandardFonts, type PDFFont } from "pdf-lib";
import { formatMoney, minorToMajorString, type Money } from "@/lib/money";
import { TRANSACTION_TYPE_LABELS } from "./labels";
import { rowDay as day } from "./pdf-day";
import { TextWidths } from "./pdf-widths";
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
const PLAIN_ASCII = /^[\x20-\x7e]*$/;
function printable(text: string): string {
  // Fast path (nearly every cell): nothing to replace, so no new string.
  if (PLAIN_ASCII.test(text)) return text;
  let out = "";
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    out += (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.has(ch) ? ch : c < 0x20 ? " " : "?";
  }
  return out;
}

function fit(text: string, widths: TextWidths, width: number): string {
  const t = printable(text);
  if (widths.at(t, FONT_SIZE) <= width) return t;
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (widths.at(`${t.slice(0, mid)}…`, FONT_SIZE) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${t.slice(0, lo)}…`;
}

function asyncIterator<T>(items: AsyncIterable<T> | Iterable<T>): AsyncIterator<T> | Iterator<T> {
  return Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]();
}

/**
 * The period a statement PDF states: the chosen start (or the first transaction's day) to the last day
 * covered, never "opening": "1 Nov 2026 to 1 Dec 2026"; with no transaction and no start, "up to 1 Dec 2026".
 */
export function statementPeriod(from: Date | undefined, lastDay: Date): string {
  return from ? `${day(from)} to ${day(lastDay)}` : `up to ${day(lastDay)} (no transactions)`;
}

/** WinAnsiEncoding codes of the characters outside Latin-1 that the standard fonts can show. */
const WIN_ANSI_CODES = new Map([..."€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"].map((ch, i) => [ch, [0x80, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8e, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9e, 0x9f][i]]));

/** A PDF string literal of printable() text, as one char per WinAnsi byte (written out as latin1). */
const NEEDS_ESCAPE = /[()\\]/;
function pdfString(text: string): string {
  if (PLAIN_ASCII.test(text) && !NEEDS_ESCAPE.test(text)) return `(${text})`;
  let out = "(";
  for (const ch of text) {
    const code = WIN_ANSI_CODES.get(ch) ?? ch.codePointAt(0) ?? 0x3f;
    out += ch === "(" || ch === ")" || ch === "\\" ? `\\${ch}` : String.fromCharCode(code);
  }
  return `${out})`;
}

const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));

/** The standard fonts' metrics (pdf-lib's AFM data), loaded once; no document is built with them. */
let metrics: Promise<{ font: PDFFont; bold: PDFFont; widths: TextWidths }> | undefined;
function fontMetrics() {
  metrics ??= PDFDocument.create().then(async (doc) => {
    const font = await doc.embedFont(StandardFonts.Helvetica);
    return { font, bold: await doc.embedFont(StandardFonts.HelveticaBold), widths: new TextWidths(font) };
  });
  return metrics;
}

/**
 * A statement as PDF, written page by page as the rows stream in: each finished page (its content stream,
 * deflated, and its page object) is yielded at once, and only the objects' offsets are kept, so memory stays
 * flat however many rows there are. A header with the holder, period and opening/closing balances on the first
 * page, the table (header row repeated on every page), and "Page n of N" on every page (N is a form XObject
 * written after the last page). Standard fonts (Helvetica), WinAnsi text.
 */
export async function* statementPdfChunks(input: StatementPdfInput): AsyncGenerator<Uint8Array> {
  const { font, bold, widths } = await fontMetrics();
  const currency = input.openingBalance.currency;
  const CATALOG = 1;
  const PAGES = 2;
  const F1 = 3;
  const F2 = 4;
  const INFO = 5;
  const TOTAL = 6;
  const offsets: number[] = [];
  const pageIds: number[] = [];
  let nextId = 7;
  let written = 0;
  const bytes = (text: string) => Buffer.from(text, "latin1");
  /** An object as bytes, its offset recorded. */
  const object = (id: number, body: string, stream?: Buffer): Buffer => {
    offsets[id] = written;
    const parts: Uint8Array[] = [bytes(`${id} 0 obj\n${body}\n`)];
    if (stream) parts.push(bytes("stream\n"), stream, bytes("\nendstream\n"));
    parts.push(bytes("endobj\n"));
    const out = Buffer.concat(parts);
    written += out.length;
    return out;
  };
  const head = bytes("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
  written = head.length;
  const fontObject = (name: string) => `<< /Type /Font /Subtype /Type1 /BaseFont /${name} /Encoding /WinAnsiEncoding >>`;
  yield Buffer.concat([
    head,
    object(CATALOG, `<< /Type /Catalog /Pages ${PAGES} 0 R >>`),
    object(F1, fontObject("Helvetica")),
    object(F2, fontObject("Helvetica-Bold")),
    object(INFO, `<< /Title ${pdfString(printable(`Statement: ${input.holderName}`))} /Producer (Plaza) >>`),
  ]);

  let content = "";
  const text = (s: string, x: number, yy: number, f = font, size = FONT_SIZE) => {
    content += `BT /${f === bold ? "F2" : "F1"} ${size} Tf 0.1 0.1 0.1 rg ${num(x)} ${num(yy)} Td ${pdfString(printable(s))} Tj ET\n`;
  };
  const generated = `Generated ${formatDate(input.generatedAt ?? new Date())}`;
  /** Ends the current page: footer, then its content stream and page object, as bytes. */
  const finishPage = (): Buffer => {
    const label = `Page ${pageIds.length + 1} of `;
    const x = PAGE.width - PAGE.margin - font.widthOfTextAtSize(`${label}0000`, FONT_SIZE);
    text(label, x, PAGE.margin / 2);
    content += `q 1 0 0 1 ${num(x + font.widthOfTextAtSize(label, FONT_SIZE))} ${num(PAGE.margin / 2)} cm /Tot Do Q\n`;
    text(generated, PAGE.margin, PAGE.margin / 2);
    const stream = deflateSync(bytes(content));
    content = "";
    const contentId = nextId++;
    const pageId = nextId++;
    pageIds.push(pageId);
    return Buffer.concat([
      object(contentId, `<< /Length ${stream.length} /Filter /FlateDecode >>`, stream),
      object(
        pageId,
        `<< /Type /Page /Parent ${PAGES} 0 R /MediaBox [0 0 ${PAGE.width} ${PAGE.height}] /Resources << /Font << /F1 ${F1} 0 R /F2 ${F2} 0 R >> /XObject << /Tot ${TOTAL} 0 R >> >> /Contents ${contentId} 0 R >>`,
      ),
    ]);
  };

  let y = PAGE.height - PAGE.margin;
  // Header (first page).
  text("Plaza statement", PAGE.margin, y - 6, bold, 16);
  y -= 30;
  text(`${input.accountLabel ?? "Account"}: ${input.holderName}`, PAGE.margin, y, bold, 11);
  y -= 16;
  const to = input.to ? new Date(input.to.getTime() - 1) : input.generatedAt ?? new Date();
  // Rows come oldest first: the first one starts the period when no start was chosen.
  const rows = asyncIterator(input.rows);
  let next = await rows.next();
  // A real period: from the chosen start (or the first transaction), through the last day covered.
  const from = input.from ?? input.firstTransactionAt ?? (next.done ? undefined : next.value.date);
  text(`Period: ${statementPeriod(from, to)}   Currency: ${currency.toUpperCase()}   Times: ${platformTimeZone()}`, PAGE.margin, y, font, 10);
  y -= 14;
  text(`Opening balance: ${formatMoney(input.openingBalance)}    Closing balance: ${formatMoney(input.closingBalance)}`, PAGE.margin, y, font, 10);
  y -= 24;

  const drawTableHeader = () => {
    let x = PAGE.margin;
    for (const c of COLUMNS) {
      const w = bold.widthOfTextAtSize(c.title, FONT_SIZE);
      text(c.title, c.align === "right" ? x + c.width - w - 2 : x, y, bold);
      x += c.width;
    }
    content += `0 0 0 RG 0.5 w ${num(PAGE.margin)} ${num(y - 3)} m ${num(PAGE.width - PAGE.margin)} ${num(y - 3)} l S\n`;
    y -= ROW_HEIGHT + 2;
  };
  drawTableHeader();

  let count = 0;
  for (; !next.done; next = await rows.next()) {
    const r = next.value;
    if (y < PAGE.margin + 20) {
      yield finishPage();
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
      const cell = fit(cells[i], widths, c.width - 4);
      const w = widths.at(cell, FONT_SIZE);
      text(cell, c.align === "right" ? x + c.width - w - 2 : x, y);
      x += c.width;
    });
    y -= ROW_HEIGHT;
    count += 1;
  }
  if (count === 0) text("No transactions in this period.", PAGE.margin, y);
  const last = finishPage();

  const total = bytes(`BT /F1 ${FONT_SIZE} Tf 0.1 0.1 0.1 rg 0 0 Td (${pageIds.length}) Tj ET`);
  const tail = [
    last,
    object(TOTAL, `<< /Type /XObject /Subtype /Form /BBox [0 0 60 ${FONT_SIZE * 2}] /Resources << /Font << /F1 ${F1} 0 R >> >> /Length ${total.length} >>`, total),
    object(PAGES, `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pageIds.length} >>`),
  ];
  const xrefAt = written;
  let xref = `xref\n0 ${nextId}\n0000000000 65535 f \n`;
  for (let id = 1; id < nextId; id++) xref += `${String(offsets[id]).padStart(10, "0")} 00000 n \n`;
  xref += `trailer\n<< /Size ${nextId} /Root ${CATALOG} 0 R /Info ${INFO} 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  tail.push(bytes(xref));
  yield Buffer.concat(tail);
}

/** The whole statement PDF in one buffer (statementPdfChunks collected; for small statements and tests). */
export async function statementPdf(input: StatementPdfInput): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of statementPdfChunks(input)) chunks.push(chunk);
  return Buffer.concat(chunks);
}
