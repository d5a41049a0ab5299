import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { route } from "@/lib/http/respond";
import { buyerOrder, orderView } from "@/lib/marketplace/orders";

export const dynamic = "force-dynamic";

/** One of the caller's orders (404 order_not_found for anyone else's). */
export const GET = route<{ params: Promise<{ id: string }> }>(async (_request, { params }) => {
  const user = await requireUser();
  const db = await getDb();
  const order = await buyerOrder(db, (await params).id, user.id);
  return NextResponse.json({ order: await orderView(db, order) }, { headers: { "Cache-Control": "no-store" } });
});
