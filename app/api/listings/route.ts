import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { parseWith, route } from "@/lib/http/respond";
import { catalogueQuery, searchCatalogue } from "@/lib/marketplace/listings";

export const dynamic = "force-dynamic";

/** The public catalogue: ?q=&kind=&seller=&cursor= (keyset pages, newest first). */
export const GET = route(async (request) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const query = parseWith(catalogueQuery, params);
  return NextResponse.json(await searchCatalogue(await getDb(), query));
});
