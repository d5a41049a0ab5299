/**
 * Writes Plaza's icons into public/: icon.svg (the mark), favicon.ico (32 px), icon-192.png, icon-512.png and
 * apple-touch-icon.png (180 px). The PNGs are drawn here pixel by pixel (no image library): a brand-blue rounded
 * square with a white "plaza" square inside. Run `npx tsx scripts/make-icons.ts` after changing the mark.
 */
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const BRAND = [0x24, 0x53, 0xd6];
const WHITE = [0xff, 0xff, 0xff];

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
  <rect width="64" height="64" rx="14" fill="#2453d6"/>
  <rect x="18" y="18" width="28" height="28" rx="4" fill="none" stroke="#fff" stroke-width="7"/>
</svg>
`;

/** RGBA pixel of the mark at (x, y) in a size x size image (the SVG's geometry, scaled). */
function pixel(x: number, y: number, size: number): number[] {
  const u = ((x + 0.5) / size) * 64;
  const v = ((y + 0.5) / size) * 64;
  const r = 14;
  const cx = Math.min(Math.max(u, r), 64 - r);
  const cy = Math.min(Math.max(v, r), 64 - r);
  if ((u - cx) ** 2 + (v - cy) ** 2 > r * r) return [0, 0, 0, 0];
  const inOuter = u >= 14.5 && u <= 49.5 && v >= 14.5 && v <= 49.5;
  const inInner = u > 21.5 && u < 42.5 && v > 21.5 && v < 42.5;
  return [...(inOuter && !inInner ? WHITE : BRAND), 255];
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

export function png(size: number): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) Buffer.from(pixel(x, y, size)).copy(raw, y * (size * 4 + 1) + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

/** An .ico holding one PNG image (supported by every current browser). */
function ico(size: number): Buffer {
  const image = png(size);
  const header = Buffer.alloc(22);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(1, 4);
  header[6] = size;
  header[7] = size;
  header.writeUInt16LE(1, 10);
  header.writeUInt16LE(32, 12);
  header.writeUInt32LE(image.length, 14);
  header.writeUInt32LE(22, 18);
  return Buffer.concat([header, image]);
}

writeFileSync("public/icon.svg", SVG);
writeFileSync("public/favicon.ico", ico(32));
writeFileSync("public/icon-192.png", png(192));
writeFileSync("public/icon-512.png", png(512));
writeFileSync("public/apple-touch-icon.png", png(180));
console.log("icons written to public/");
