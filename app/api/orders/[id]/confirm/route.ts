import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { ORG_MANAGERS, requireOrgRole, requireUser } from "@/lib/auth";
import { route } from "@/lib/http/respond";
import { bookedOrder, confirmBooking } from "@/lib/marketplace/bookings";

/** The seller (owner or admin) confirms a booked service: the authorised payment is captured. */
export const POST = route<{ params: Promise<{ id: string }> }>(async (_request, { params }) => {
  await requireUser();
  const db = await getDb();
  const { order, sellerSlug } = await bookedOrder(db, (await params).id);
  await requireOrgRole(sellerSlug, ORG_MANAGERS);
  return NextResponse.json({ order: await confirmBooking(db, order) });
});
