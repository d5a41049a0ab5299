import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { ORG_MANAGERS, requireOrgRole } from "@/lib/auth";
import { parseJson, route } from "@/lib/http/respond";
import { iouRequest, raiseIou } from "@/lib/wallet/ious";

/** Asks a member of the organisation to pay later (an IOU); 422 not_a_member for anyone else. */
export const POST = route<{ params: Promise<{ slug: string }> }>(async (request, { params }) => {
  const access = await requireOrgRole((await params).slug, ORG_MANAGERS);
  const input = await parseJson(request, iouRequest);
  const iou = await raiseIou(await getDb(), { organisationId: access.organisation.id, ...input, createdBy: access.user.id });
  return NextResponse.json({ iou: { id: iou.id, email: input.email, amount: iou.amount, currency: iou.currency, description: iou.description, status: iou.status } }, { status: 201 });
});
