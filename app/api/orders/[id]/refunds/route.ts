import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { parseWith, route } from "@/lib/http/respond";
import { orderForRefund, refundOrder, refundRequest } from "@/lib/marketplace/refunds";
import { orderView } from "@/lib/marketplace/orders";

/**
 * Refunds an order, fully or in part: the buyer within the listing's policy, the seller's owners and admins
 * and platform admins any time. `Idempotency-Key` (or `requestId` in the body) makes a retry refund once:
 * 201 for the refund made, 200 with the same refund for a retry.
 */
export const POST = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const user = await requireUser();
  const text = await request.text();
  let raw: unknown = {};
  if (text.trim()) {
    try {
      raw = JSON.parse(text);
    } catch {
      throw new AppError("invalid_json", "The request body is not valid JSON.");
    }
  }
  const body = parseWith(refundRequest, raw);
  const db = await getDb();
  const key = request.headers.get("idempotency-key");
  const out = await refundOrder(db, user, (await params).id, body, { idempotencyKey: key && key.length <= 200 ? key : null });
  const order = await orderView(db, await orderForRefund(db, out.orderId));
  return NextResponse.json({ refund: out.refund, order }, { status: out.created ? 201 : 200, headers: { "Cache-Control": "no-store" } });
});
