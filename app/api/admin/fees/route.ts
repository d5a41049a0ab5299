import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { feeHistory, feeScheduleRequest, recordFeeSchedule, type FeeScheduleRow } from "@/lib/fees/schedules";
import { parseJson, route } from "@/lib/http/respond";

function feeView(r: FeeScheduleRow) {
  return { id: r.id, percentBps: r.percentBps, fixed: r.fixed, min: r.min, max: r.max, settlementPercentBps: r.settlementPercentBps, endsOverride: r.endsOverride, effectiveFrom: r.effectiveFrom.toISOString(), createdBy: r.createdBy, note: r.note, createdAt: r.createdAt.toISOString() };
}

/** The platform default's history, newest first (the first row in force now or later). */
export const GET = route(async () => {
  await requireRole("platform_admin");
  const rows = await feeHistory(await getDb(), null);
  const now = Date.now();
  const inForce = rows.find((r) => r.effectiveFrom.getTime() <= now) ?? null;
  return NextResponse.json({ inForce: inForce ? feeView(inForce) : null, history: rows.map(feeView) });
});

/** A change of the platform default, effective from `effectiveFrom` (now or later); history is kept. */
export const POST = route(async (request) => {
  const admin = await requireRole("platform_admin");
  const input = await parseJson(request, feeScheduleRequest);
  const row = await recordFeeSchedule(await getDb(), null, input, admin.id);
  return NextResponse.json({ fee: feeView(row) }, { status: 201 });
});
