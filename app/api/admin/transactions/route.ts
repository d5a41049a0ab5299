import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { route } from "@/lib/http/respond";
import { listTransactions, parseTransactionsQuery } from "@/lib/reports/transactions";

export const dynamic = "force-dynamic";

/** Ledger transactions by type and date range, newest first, keyset paged (`nextCursor`). */
export const GET = route(async (request) => {
  await requireRole("platform_admin");
  const page = await listTransactions(await getDb(), parseTransactionsQuery(new URL(request.url).searchParams));
  return NextResponse.json({
    transactions: page.rows.map((r) => ({ id: r.id, reference: r.reference, type: r.type, description: r.description, amount: r.amount, currency: r.currency, createdAt: r.createdAt.toISOString(), orderId: r.orderId, stripeObjectId: r.stripeObjectId })),
    nextCursor: page.nextCursor,
  });
});
