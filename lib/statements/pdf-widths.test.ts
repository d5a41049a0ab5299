import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { TextWidths } from "./pdf-widths";

// Every character the statement PDF writes (printable() in pdf.ts): Latin-1 printable plus WinAnsi's extras.
const CHARS = [
  ...Array.from({ length: 0x7e - 0x20 + 1 }, (_, i) => String.fromCharCode(0x20 + i)),
  ...Array.from({ length: 0xff - 0xa0 + 1 }, (_, i) => String.fromCharCode(0xa0 + i)),
  ..."€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ",
];

describe("PDF text widths", () => {
  it("equal pdf-lib's widthOfTextAtSize for any text the statement writes, kerned pairs included", async () => {
    const doc = await PDFDocument.create();
    for (const name of [StandardFonts.Helvetica, StandardFonts.HelveticaBold]) {
      const font = await doc.embedFont(name);
      const widths = new TextWidths(font);
      // Kerned pairs of Helvetica ("AV", "To", "Yo", "r.") and ordinary cells.
      for (const s of ["", "AV", "To Yo r.", "Ticket #3", "Harbour Bridge Club", "1,234.56", "…", "Wöhler’s café – €5"]) {
        expect(widths.at(s, 8)).toBe(font.widthOfTextAtSize(s, 8));
      }
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...CHARS), { maxLength: 40 }).map((cs) => cs.join("")), fc.constantFrom(8, 10, 11, 16), (s, size) => {
          expect(widths.at(s, size)).toBe(font.widthOfTextAtSize(s, size));
        }),
        { numRuns: 2000 },
      );
    }
  });
});
