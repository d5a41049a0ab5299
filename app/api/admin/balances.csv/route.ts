import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { csvTextResponse } from "@/lib/http/csv-text";
import { route } from "@/lib/http/respond";
import { balancesAsOf, balancesCsv, parseBalancesQuery } from "@/lib/reports/balances";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  await requireRole("platform_admin");
  const q = parseBalancesQuery(new URL(request.url).searchParams);
  const report = await balancesAsOf(await getDb(), q.of, q.asOf);
  return csvTextResponse(`plaza-${q.of}-balances-${q.asOfDay}.csv`, balancesCsv(report));
});
