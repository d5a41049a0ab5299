import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { route } from "@/lib/http/respond";
import { requireSettlement } from "@/lib/settlement/settlements";

export const GET = route<{ params: Promise<{ id: string }> }>(async (_request, { params }) => {
  await requireRole("platform_admin");
  return NextResponse.json({ settlement: await requireSettlement(await getDb(), (await params).id) });
});
