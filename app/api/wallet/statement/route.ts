import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { parseWith, route } from "@/lib/http/respond";
import { holderStatementPage } from "@/lib/statements/holder-statement";
import { parseStatementRange } from "@/lib/statements/query";
import { text } from "@/lib/validation/text";

const query = z.object({ cursor: text({ min: 1, max: 200 }).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });

export const GET = route(async (request) => {
  const user = await requireUser();
  const params = new URL(request.url).searchParams;
  const q = parseWith(query, { cursor: params.get("cursor") || undefined, limit: params.get("limit") ?? undefined });
  const range = parseStatementRange(params);
  const db = await getDb();
  const page = await holderStatementPage(db, { userId: user.id }, { ...range, cursor: q.cursor, limit: q.limit });
  return NextResponse.json({
    entries: page.rows.map((r) => ({
      id: r.entryId,
      date: r.date.toISOString(),
      counterparty: r.counterparty,
      reference: r.reference,
      type: r.type,
      description: r.description,
      amount: { amount: r.amount, currency: r.currency },
      balance: { amount: r.balance, currency: r.currency },
    })),
    nextCursor: page.nextCursor,
    openingBalance: page.openingBalance,
    closingBalance: page.closingBalance,
  });
});
