import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { ORG_MANAGERS, requireOrgRole } from "@/lib/auth";
import { sellerBalance } from "@/lib/connect/money";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

/** The connected account's balance at Stripe, available and pending. */
export const GET = route<{ params: Promise<{ slug: string }> }>(async (_request, { params }) => {
  const { organisation } = await requireOrgRole((await params).slug, ORG_MANAGERS);
  const balance = await sellerBalance(await getDb(), organisation.id);
  if (!balance) throw new AppError("not_found", "This organisation has no Stripe account connected.");
  return NextResponse.json(balance);
});
