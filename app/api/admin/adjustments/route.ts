import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { parseJson, route } from "@/lib/http/respond";
import { adjustmentRequest, postAdjustment } from "@/lib/settlement/adjustments";

/** A manual adjustment of a member's wallet or an organisation's balance; idempotent on `requestId`. */
export const POST = route(async (request) => {
  const admin = await requireRole("platform_admin");
  const input = await parseJson(request, adjustmentRequest);
  const adjustment = await postAdjustment(await getDb(), input, admin.id);
  return NextResponse.json({ adjustment }, { status: adjustment.replayed ? 200 : 201 });
});
