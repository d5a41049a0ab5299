import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { route } from "@/lib/http/respond";
import { buyerOrders } from "@/lib/marketplace/orders";

export const dynamic = "force-dynamic";

/** The caller's orders, newest first. */
export const GET = route(async () => {
  const user = await requireUser();
  return NextResponse.json({ orders: await buyerOrders(await getDb(), user.id) }, { headers: { "Cache-Control": "no-store" } });
});
