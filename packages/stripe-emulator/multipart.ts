import type { FormObject, FormValue } from './form.js';

/**
 * multipart/form-data decoding for `POST /v1/files` (stripe-node's files.create). Text parts become form params
 * (bracketed names nest as in form bodies); file parts become `{ name, type, data }` with `data` a size
 * placeholder, and their bytes are returned beside the form.
 */
export interface UploadedFile { field: string; filename: string; contentType: string; bytes: Buffer }

function boundaryOf(contentType: string): string | null {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]).trim() : null;
}

function setNested(form: FormObject, name: string, value: FormValue): void {
  const parts = name.replace(/\]/g, '').split('[');
  let node: FormObject = form;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = node[parts[i]];
    if (typeof next === 'object' && !Array.isArray(next)) node = next;
    else { const created: FormObject = {}; node[parts[i]] = created; node = created; }
  }
  node[parts[parts.length - 1]] = value;
}

export function decodeMultipart(body: Buffer, contentType: string): { form: FormObject; files: UploadedFile[] } {
  const boundary = boundaryOf(contentType);
  const form: FormObject = {};
  const files: UploadedFile[] = [];
  if (!boundary) return { form, files };
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delimiter);
  while (pos !== -1) {
    const start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    const part = body.subarray(start + 2, next - 2); // skip CRLF after the delimiter and before the next one
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const content = part.subarray(headerEnd + 4);
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
      const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream';
      if (name && filename !== undefined) {
        files.push({ field: name, filename, contentType: type, bytes: Buffer.from(content) });
        setNested(form, name, { name: filename, type, data: `<${content.length} bytes>` });
      } else if (name) {
        setNested(form, name, content.toString('utf8'));
      }
    }
    pos = next;
  }
  return { form, files };
}
