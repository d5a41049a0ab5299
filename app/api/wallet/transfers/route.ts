import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { parseJson, route } from "@/lib/http/respond";
import { transferToMember } from "@/lib/payments/wallet-payments";
import { transferRequest } from "@/lib/wallet/transfers";

/** Member-to-member transfer from the wallet (batch: auto top-up when on, else 402 insufficient_funds). */
export const POST = route(async (request) => {
  const user = await requireUser();
  const input = await parseJson(request, transferRequest);
  const result = await transferToMember(await getDb(), { from: user, ...input, mode: "batch" });
  if (result.status !== "paid") throw new Error("a batch payment cannot ask for checkout");
  return NextResponse.json({ id: result.transferId, ledgerTransactionId: result.ledgerTransactionId, amount: input.amount, toEmail: input.toEmail, status: "succeeded" }, { status: 201 });
});
