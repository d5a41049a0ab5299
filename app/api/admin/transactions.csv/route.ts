import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { csvTextResponse } from "@/lib/http/csv-text";
import { route } from "@/lib/http/respond";
import { parseTransactionsQuery, transactionsCsv } from "@/lib/reports/transactions";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  await requireRole("platform_admin");
  const f = parseTransactionsQuery(new URL(request.url).searchParams);
  return csvTextResponse(`plaza-transactions${f.type ? `-${f.type}` : ""}${f.from ? `-${f.from}` : ""}${f.to ? `-to-${f.to}` : ""}.csv`, await transactionsCsv(await getDb(), f));
});
