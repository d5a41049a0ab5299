import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { ORG_MANAGERS, requireOrgRole } from "@/lib/auth";
import { route } from "@/lib/http/respond";
import { parseQuery, salesQuery, salesRange, salesSummary } from "@/lib/marketplace/sales";

export const dynamic = "force-dynamic";

/** `?from=&to=&interval=day|week|month` -> {"totals":{gross,fees,refunds,net,orders},"series":[{start,gross,orders}],...}; owners and admins. */
export const GET = route(async (request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const { slug } = await params;
  const { organisation } = await requireOrgRole(slug, ORG_MANAGERS);
  const q = parseQuery(salesQuery, new URL(request.url).searchParams);
  const summary = await salesSummary(await getDb(), organisation.id, { range: salesRange(q), interval: q.interval });
  return NextResponse.json(summary, { headers: { "Cache-Control": "no-store" } });
});
