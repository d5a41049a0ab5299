import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { route } from "@/lib/http/respond";
import { parseReconciliationQuery, reconcile, reconciliationJson } from "@/lib/reports/reconciliation";

export const dynamic = "force-dynamic";

/** Plaza's Stripe-side ledger against Stripe's balance transactions for `?from=&to=` (inclusive days). */
export const GET = route(async (request) => {
  await requireRole("platform_admin");
  const period = parseReconciliationQuery(new URL(request.url).searchParams);
  return NextResponse.json(reconciliationJson(await reconcile(await getDb(), period)), { headers: { "Cache-Control": "no-store" } });
});
