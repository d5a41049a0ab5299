import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { ORG_MANAGERS, requireOrgRole } from "@/lib/auth";
import { parseJson, route } from "@/lib/http/respond";
import { createListing, createListingRequest, organisationListings } from "@/lib/marketplace/listings";

export const dynamic = "force-dynamic";

/** A seller's listings, published or not (owners and admins). */
export const GET = route<{ params: Promise<{ slug: string }> }>(async (_request, { params }) => {
  const access = await requireOrgRole((await params).slug, ORG_MANAGERS);
  return NextResponse.json({ listings: await organisationListings(await getDb(), access.organisation.id) }, { headers: { "Cache-Control": "no-store" } });
});

/** Creates a listing; publishing it needs the organisation to be able to sell (409 seller_not_ready with the reasons). */
export const POST = route<{ params: Promise<{ slug: string }> }>(async (request, { params }) => {
  const access = await requireOrgRole((await params).slug, ORG_MANAGERS);
  const input = await parseJson(request, createListingRequest);
  const listing = await createListing(await getDb(), access.organisation, input);
  return NextResponse.json({ listing }, { status: 201 });
});
