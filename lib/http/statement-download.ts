import "server-only";
import { z } from "zod";
import type { Database } from "@/db/client";
import { AppError } from "@/lib/errors";
import { statementBalances, statementCsv, statementPdf, streamStatementRows, type StatementRange } from "@/lib/ledger/statement";
import { calendarDate } from "@/lib/validation/dates";

const LAST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export const statementRangeQuery = z.object({ from: calendarDate().optional(), to: calendarDate().optional() });

/** A date range from the query string: `from` inclusive, `to` inclusive (the whole day), UTC days. */
export function parseStatementRange(params: URLSearchParams): { from?: Date; to?: Date } {
  const parsed = statementRangeQuery.safeParse({ from: params.get("from") || undefined, to: params.get("to") || undefined });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("validation_failed", `${String(issue.path[0])}: ${issue.message}`, { param: String(issue.path[0]) });
  }
  const from = parsed.data.from;
  // The end of the last day, exclusive; after 9999-12-31 there is no next midnight Postgres can store.
  const to = parsed.data.to ? new Date(Math.min(parsed.data.to.getTime() + 86_400_000, LAST_INSTANT)) : undefined;
  if (from && to && from >= to) throw new AppError("validation_failed", "to: the end date must not be before the start date.", { param: "to" });
  return { from, to };
}

function filename(base: string, range: { from?: Date; to?: Date }, ext: string) {
  const part = (d?: Date) => (d ? d.toISOString().slice(0, 10) : "");
  const span = range.from || range.to ? `-${part(range.from) || "start"}-to-${range.to ? part(new Date(range.to.getTime() - 1)) : "now"}` : "";
  return `${base}${span}.${ext}`;
}

/** Streams the CSV of a statement in keyset batches: constant memory however long it is. */
export function csvResponse(db: Database, range: StatementRange, baseName: string): Response {
  const encoder = new TextEncoder();
  const chunks = statementCsv(streamStatementRows(db, range));
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

export async function pdfResponse(db: Database, range: StatementRange, baseName: string, holderName: string, accountLabel: string): Promise<Response> {
  const balances = await statementBalances(db, range);
  const bytes = await statementPdf({ holderName, accountLabel, from: range.from, to: range.to, ...balances, rows: streamStatementRows(db, range) });
  return new Response(Buffer.from(bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${filename(baseName, range, "pdf")}"`,
      "Cache-Control": "no-store",
    },
  });
}
