import "server-only";

/** A small CSV built in memory (admin reports) as a download; large exports stream (statement-download.ts). */
export function csvTextResponse(filename: string, csv: string): Response {
  return new Response(csv, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "no-store" },
  });
}
