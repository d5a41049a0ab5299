import type { PDFFont } from "pdf-lib";

/**
 * font.widthOfTextAtSize, with the same result, from per-character and per-pair caches. pdf-lib builds an array
 * of glyph objects on every call, and the PDF measures each of a row's seven cells at least twice: at 100k rows
 * that was most of the export's garbage. The standard fonts' AFM widths and kerning amounts are whole numbers
 * of 1/1000 em, so a pair's kerning is read exactly as width(ab) - width(a) - width(b), and sums are exact in
 * any order. Only for text the font can encode (printable()).
 */
export class TextWidths {
  private readonly chars = new Map<number, number>();
  private readonly pairs = new Map<number, number>();

  constructor(private readonly font: PDFFont) {}

  private char(ch: string, code: number): number {
    let w = this.chars.get(code);
    if (w === undefined) {
      w = this.font.widthOfTextAtSize(ch, 1000);
      this.chars.set(code, w);
    }
    return w;
  }

  private kerning(left: string, leftCode: number, right: string, rightCode: number): number {
    const key = leftCode * 0x110000 + rightCode;
    let k = this.pairs.get(key);
    if (k === undefined) {
      k = this.font.widthOfTextAtSize(left + right, 1000) - this.char(left, leftCode) - this.char(right, rightCode);
      this.pairs.set(key, k);
    }
    return k;
  }

  /** The width of `text` at `size` points. */
  at(text: string, size: number): number {
    let total = 0;
    let previous = "";
    let previousCode = -1;
    for (const ch of text) {
      const code = ch.codePointAt(0) ?? 0;
      if (previousCode >= 0) total += this.kerning(previous, previousCode, ch, code);
      total += this.char(ch, code);
      previous = ch;
      previousCode = code;
    }
    return total * (size / 1000);
  }
}
