import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { parseJson, route } from "@/lib/http/respond";
import { listSettlements, proposeSettlement, settlementProposalRequest } from "@/lib/settlement/settlements";

/** The proposal for a reference date (default: the last day of last month): 201 new, 200 the existing one. */
export const POST = route(async (request) => {
  const admin = await requireRole("platform_admin");
  const input = await parseJson(request, settlementProposalRequest);
  const { settlement, created } = await proposeSettlement(await getDb(), input, admin.id);
  return NextResponse.json({ settlement }, { status: created ? 201 : 200 });
});

/** Settlement history, newest first. */
export const GET = route(async () => {
  await requireRole("platform_admin");
  const rows = await listSettlements(await getDb());
  return NextResponse.json({
    settlements: rows.map((s) => ({ id: s.id, referenceDate: s.referenceDate, status: s.status, currency: s.currency, lines: s.lines, amount: s.amount, paid: s.paid, failed: s.failed, createdAt: s.createdAt.toISOString(), confirmedAt: s.confirmedAt?.toISOString() ?? null })),
  });
});
