import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { ORG_MANAGERS, requireOrgRole } from "@/lib/auth";
import { route } from "@/lib/http/respond";
import { ordersFilterOf, parseQuery, sellerOrdersPage, sellerOrdersQuery } from "@/lib/marketplace/sales";

export const dynamic = "force-dynamic";

/** The seller's orders, newest first: `?status=&kind=&from=&to=&cursor=` -> {"orders":[...],"nextCursor"}; owners and admins. */
export const GET = route(async (request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const { slug } = await params;
  const { organisation } = await requireOrgRole(slug, ORG_MANAGERS);
  const q = parseQuery(sellerOrdersQuery, new URL(request.url).searchParams);
  const page = await sellerOrdersPage(await getDb(), organisation.id, ordersFilterOf(q), { cursor: q.cursor });
  return NextResponse.json(
    {
      orders: page.rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), paidAt: r.paidAt?.toISOString() ?? null, net: r.amount - r.platformFee - r.refunded })),
      nextCursor: page.nextCursor,
    },
    { headers: { "Cache-Control": "no-store" } },
  );
});
