import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { ORG_MANAGERS, requireOrgRole } from "@/lib/auth";
import { sellerPayouts } from "@/lib/connect/money";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

/** The connected account's payouts with status, arrival date and, for failed ones, Stripe's reason. */
export const GET = route<{ params: Promise<{ slug: string }> }>(async (_request, { params }) => {
  const { organisation } = await requireOrgRole((await params).slug, ORG_MANAGERS);
  const payouts = await sellerPayouts(await getDb(), organisation.id);
  if (!payouts) throw new AppError("not_found", "This organisation has no Stripe account connected.");
  return NextResponse.json({ payouts });
});
