import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { parseJson, route } from "@/lib/http/respond";
import { confirmSettlement, settlementConfirmRequest } from "@/lib/settlement/settlements";

/** Confirms and pays; idempotent: a second confirm answers 200 with `paidNow: 0` and pays nothing more. */
export const POST = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const admin = await requireRole("platform_admin");
  const input = await parseJson(request, settlementConfirmRequest);
  const result = await confirmSettlement(await getDb(), (await params).id, input, admin.id);
  return NextResponse.json(result);
});
