import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { parseJson, route } from "@/lib/http/respond";
import { refundTopUpToCard } from "@/lib/payments/top-up-refunds";
import { topUpRefundRequest, topUpRefundView } from "@/lib/wallet/top-up-refunds";

/**
 * Sends unspent wallet money back to the card this top-up came from, less the refund charge: 201 with the
 * refund; 409 refund_not_allowed (error.reason: window_passed, nothing_left, balance_too_low, not_paid);
 * 422 amount_too_large (error.max); 404 for someone else's top-up.
 */
export const POST = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const user = await requireUser();
  const input = await parseJson(request, topUpRefundRequest);
  const refund = await refundTopUpToCard(await getDb(), { topUpId: id, actor: { id: user.id, asAdmin: false }, amount: input.amount });
  return NextResponse.json({ refund: topUpRefundView(refund) }, { status: 201 });
});
