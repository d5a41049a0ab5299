import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { route } from "@/lib/http/respond";
import { pdfResponse } from "@/lib/http/statement-download";
import { parseStatementRange } from "@/lib/statements/query";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  const user = await requireUser();
  const range = parseStatementRange(new URL(request.url).searchParams);
  const db = await getDb();
  return pdfResponse(db, { userId: user.id }, range, "plaza-wallet-statement", user.name ?? user.email, "Wallet");
});
