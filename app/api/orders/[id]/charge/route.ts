import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/respond";
import { chargeOrder } from "@/lib/marketplace/charge";

/** Open Event-style charge: the guards in the contract's order, then a card or the wallet. */
export const POST = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const user = await requireUser();
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON.");
  }
  const outcome = await chargeOrder(await getDb(), user, (await params).id, body);
  return NextResponse.json(outcome, { headers: { "Cache-Control": "no-store" } });
});
