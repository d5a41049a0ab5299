import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { ORG_MANAGERS, requireOrgRole, requireUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { parseJson, route } from "@/lib/http/respond";
import { listingView, updateListing, updateListingRequest } from "@/lib/marketplace/listings";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

/** One published listing, public. */
export const GET = route<Ctx>(async (_request, { params }) => {
  const listing = await listingView(await getDb(), (await params).id);
  if (!listing) throw new AppError("listing_not_found", "No such listing. It may have been unpublished.");
  return NextResponse.json({ listing });
});

/** The seller edits, publishes or unpublishes a listing (owners and admins of its organisation). */
export const PATCH = route<Ctx>(async (request, { params }) => {
  await requireUser();
  const db = await getDb();
  const id = (await params).id;
  const current = await listingView(db, id, { includeUnpublished: true });
  if (!current) throw new AppError("listing_not_found", "No such listing.");
  await requireOrgRole(current.seller.slug, ORG_MANAGERS);
  const input = await parseJson(request, updateListingRequest);
  return NextResponse.json({ listing: await updateListing(db, id, input) });
});
