import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { route } from "@/lib/http/respond";
import { retrySettlementLine } from "@/lib/settlement/settlements";

/** Pays a failed line again; 409 for a line that is not failed. */
export const POST = route<{ params: Promise<{ id: string; lineId: string }> }>(async (_request, { params }) => {
  const admin = await requireRole("platform_admin");
  const { id, lineId } = await params;
  return NextResponse.json({ settlement: await retrySettlementLine(await getDb(), id, lineId, admin.id) });
});
