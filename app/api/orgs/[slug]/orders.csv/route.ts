import { getDb } from "@/db/client";
import { ORG_MANAGERS, requireOrgRole } from "@/lib/auth";
import { route } from "@/lib/http/respond";
import { streamedCsv } from "@/lib/http/csv-stream";
import { ordersFilterOf, parseQuery, sellerOrdersCsv, sellerOrdersQuery } from "@/lib/marketplace/sales";

export const dynamic = "force-dynamic";

/** The seller's orders (same filters as the list) as CSV, ISO 8601 dates in UTC, streamed in keyset batches. */
export const GET = route(async (request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const { slug } = await params;
  const { organisation } = await requireOrgRole(slug, ORG_MANAGERS);
  const q = parseQuery(sellerOrdersQuery, new URL(request.url).searchParams);
  const filter = ordersFilterOf(q);
  const db = await getDb();
  return streamedCsv(sellerOrdersCsv(db, organisation.id, filter), `${organisation.slug}-orders.csv`);
});
