import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { parseJson, route } from "@/lib/http/respond";
import { emailAddress, text } from "@/lib/validation/text";
import { transferToMember } from "@/lib/wallet/transfers";

const body = z.object({
  toEmail: emailAddress("toEmail must be an email address"),
  amount: z.number().int("amount must be a whole number of minor units").positive("amount must be greater than zero"),
  description: text({ max: 200 }).default("Transfer"),
});

/** Member-to-member transfer from the wallet (batch: auto top-up when on, else 402 insufficient_funds). */
export const POST = route(async (request) => {
  const user = await requireUser();
  const input = await parseJson(request, body);
  const result = await transferToMember(await getDb(), { from: user, ...input, mode: "batch" });
  if (result.status !== "paid") throw new Error("a batch payment cannot ask for checkout");
  return NextResponse.json({ id: result.transferId, ledgerTransactionId: result.ledgerTransactionId, amount: input.amount, toEmail: input.toEmail, status: "succeeded" }, { status: 201 });
});
