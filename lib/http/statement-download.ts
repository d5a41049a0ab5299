import "server-only";
import type { Database } from "@/db/client";
import { holderStatementCsv, holderStatementPdf } from "@/lib/statements/exports";
import type { StatementHolder } from "@/lib/statements/holder";
import type { DateRange } from "@/lib/statements/query";
import { streamedCsv } from "./csv-stream";

function filename(base: string, range: DateRange, ext: string) {
  const part = (d?: Date) => (d ? d.toISOString().slice(0, 10) : "");
  const span = range.from || range.to ? `-${part(range.from) || "start"}-to-${range.to ? part(new Date(range.to.getTime() - 1)) : "now"}` : "";
  return `${base}${span}.${ext}`;
}

/** Streams the CSV of a statement in keyset batches: constant memory however long it is. */
export function csvResponse(db: Database, holder: StatementHolder, range: DateRange, baseName: string): Response {
  return streamedCsv(holderStatementCsv(db, holder, range), filename(baseName, range, "csv"));
}

export async function pdfResponse(db: Database, holder: StatementHolder, range: DateRange, baseName: string, holderName: string, accountLabel: string): Promise<Response> {
  const bytes = await holderStatementPdf(db, holder, range, { holderName, accountLabel });
  return new Response(Buffer.from(bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${filename(baseName, range, "pdf")}"`,
      "Cache-Control": "no-store",
    },
  });
}
