import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { parseJson, route } from "@/lib/http/respond";
import { checkoutRequest, startCheckout } from "@/lib/marketplace/checkout";

/** BokaMera-style checkout: 201 with the order and its Checkout Session (hosted `url` or embedded `clientSecret`). */
export const POST = route(async (request) => {
  const user = await requireUser();
  const input = await parseJson(request, checkoutRequest);
  const checkout = await startCheckout(await getDb(), user, input);
  return NextResponse.json(checkout, { status: 201, headers: { "Cache-Control": "no-store" } });
});
