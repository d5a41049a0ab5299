import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { csvTextResponse } from "@/lib/http/csv-text";
import { route } from "@/lib/http/respond";
import { parseReconciliationQuery, reconcile, reconciliationCsv } from "@/lib/reports/reconciliation";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  await requireRole("platform_admin");
  const period = parseReconciliationQuery(new URL(request.url).searchParams);
  return csvTextResponse(`plaza-reconciliation-${period.from}-to-${period.to}.csv`, reconciliationCsv(await reconcile(await getDb(), period)));
});
