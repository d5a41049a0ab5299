import "server-only";
import type { Database } from "@/db/client";
import { holderStatementCsv, holderStatementPdfChunks } from "@/lib/statements/exports";
import type { StatementHolder } from "@/lib/statements/holder";
import type { DateRange } from "@/lib/statements/query";
import { pullStream, streamedCsv } from "./csv-stream";

function filename(base: string, range: DateRange, ext: string) {
  const part = (d?: Date) => (d ? d.toISOString().slice(0, 10) : "");
  const span = range.from || range.to ? `-${part(range.from) || "start"}-to-${range.to ? part(new Date(range.to.getTime() - 1)) : "now"}` : "";
  return `${base}${span}.${ext}`;
}

/** Streams the CSV of a statement in keyset batches: constant memory however long it is. */
export function csvResponse(db: Database, holder: StatementHolder, range: DateRange, baseName: string): Response {
  return streamedCsv(holderStatementCsv(db, holder, range), filename(baseName, range, "csv"));
}

/**
 * Streams the PDF of a statement page by page (constant memory). The first chunk (balances and the document
 * header) is produced before answering, so a failure there is still an error response, not a truncated file.
 */
export async function pdfResponse(db: Database, holder: StatementHolder, range: DateRange, baseName: string, holderName: string, accountLabel: string): Promise<Response> {
  const chunks = holderStatementPdfChunks(db, holder, range, { holderName, accountLabel });
  const first = await chunks.next();
  return new Response(pullStream(chunks, (chunk) => chunk, first), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${filename(baseName, range, "pdf")}"`,
      "Cache-Control": "no-store",
    },
  });
}
