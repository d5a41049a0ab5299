import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { route } from "@/lib/http/respond";
import { csvResponse, parseStatementRange } from "@/lib/http/statement-download";
import { memberWalletAccount } from "@/lib/wallet/accounts";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  const user = await requireUser();
  const range = parseStatementRange(new URL(request.url).searchParams);
  const db = await getDb();
  const account = await memberWalletAccount(db, user.id);
  return csvResponse(db, { accountId: account.id, ...range }, "plaza-wallet-statement");
});
