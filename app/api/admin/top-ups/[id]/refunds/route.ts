import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { parseJson, route } from "@/lib/http/respond";
import { refundTopUpToCard } from "@/lib/payments/top-up-refunds";
import { topUpRefundRequest, topUpRefundView } from "@/lib/wallet/top-up-refunds";

/** A platform admin refunds a member's top-up to its card, up to what is left (no window, no charge; never their own: 403). */
export const POST = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const admin = await requireRole("platform_admin");
  const input = await parseJson(request, topUpRefundRequest);
  const refund = await refundTopUpToCard(await getDb(), { topUpId: id, actor: { id: admin.id, asAdmin: true }, amount: input.amount });
  return NextResponse.json({ refund: topUpRefundView(refund) }, { status: 201 });
});
