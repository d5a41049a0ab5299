import "server-only";
import QRCode from "qrcode";

/** A ticket code as a QR code: its size in modules and one SVG path of the dark modules (rendered on the server). */
export function qrPath(text: string): { size: number; path: string } {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const size = qr.modules.size;
  const parts: string[] = [];
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if (qr.modules.get(y, x)) parts.push(`M${x} ${y}h1v1h-1z`);
  return { size, path: parts.join("") };
}
