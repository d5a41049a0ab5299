import "server-only";
import type { Database } from "@/db/client";
import { holderStatementCsv, holderStatementPdf } from "@/lib/statements/exports";
import type { StatementHolder } from "@/lib/statements/holder";
import type { DateRange } from "@/lib/statements/query";

function filename(base: string, range: DateRange, ext: string) {
  const part = (d?: Date) => (d ? d.toISOString().slice(0, 10) : "");
  const span = range.from || range.to ? `-${part(range.from) || "start"}-to-${range.to ? part(new Date(range.to.getTime() - 1)) : "now"}` : "";
  return `${base}${span}.${ext}`;
}

/** Streams the CSV of a statement in keyset batches: constant memory however long it is. */
export function csvResponse(db: Database, holder: StatementHolder, range: DateRange, baseName: string): Response {
  const encoder = new TextEncoder();
  const chunks = holderStatementCsv(db, holder, range);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename(baseName, range, "csv")}"`,
      "Cache-Control": "no-store",
    },
  });
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
