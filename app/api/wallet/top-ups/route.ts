import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { parseJson, route } from "@/lib/http/respond";
import { startTopUpCheckout } from "@/lib/payments/top-ups";
import { topUpRequest } from "@/lib/wallet/top-ups";

/** Starts a card top-up: 201 with the Checkout Session; the wallet is credited when Stripe confirms payment. */
export const POST = route(async (request) => {
  const user = await requireUser();
  const input = await parseJson(request, topUpRequest);
  const checkout = await startTopUpCheckout(await getDb(), { user, amount: input.amount, uiMode: input.uiMode, kind: "manual" });
  return NextResponse.json(checkout, { status: 201 });
});
