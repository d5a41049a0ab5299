import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { route } from "@/lib/http/respond";
import { balancesAsOf, parseBalancesQuery } from "@/lib/reports/balances";

export const dynamic = "force-dynamic";

/** Members or organisations with a balance at the end of a day, derived from the ledger entries. */
export const GET = route(async (request) => {
  await requireRole("platform_admin");
  const q = parseBalancesQuery(new URL(request.url).searchParams);
  const report = await balancesAsOf(await getDb(), q.of, q.asOf);
  return NextResponse.json({
    of: report.of,
    asOf: q.asOfDay,
    asOfInstant: report.asOf.toISOString(),
    currency: report.currency,
    total: report.total,
    balances: report.rows.map((r) => ({ key: r.key, name: r.name, balance: r.balance })),
  });
});
