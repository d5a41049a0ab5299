import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { emailAddress, minorAmount } from "@/lib/schemas";
import { text } from "@/lib/validation/text";
import { memberWalletAccount, walletCurrency } from "./accounts";
import { definePaymentCommand } from "./command";
import { debitWallet } from "./debit";
import { walletEmails } from "./emails";

/** The input of "send money to a member", for the JSON API and the wallet page's form alike. */
export const transferRequest = z.object({
  toEmail: emailAddress,
  amount: minorAmount,
  description: text({ max: 200, maxMessage: "Use at most 200 characters." }).default("Transfer"),
});
export type TransferRequest = z.infer<typeof transferRequest>;

const memberTransferPayload = z.object({
  transferId: z.uuid(),
  fromUserId: z.string(),
  toUserId: z.string(),
  amount: z.number().int().positive(),
  description: z.string().min(1).max(200),
});

export type MemberTransfer = z.infer<typeof memberTransferPayload>;

/** Posts a member-to-member transfer (stored command "member_transfer"); idempotent on the transfer id. */
async function completeMemberTransfer(tx: Database, t: MemberTransfer): Promise<number> {
  const to = await memberWalletAccount(tx, t.toUserId);
  const people = await tx.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, t.fromUserId));
  const [recipient] = await tx.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, t.toUserId));
  const sender = people[0];
  if (!sender || !recipient) throw new AppError("unknown_member", "That member no longer exists.", { param: "toEmail" });
  const posted = await debitWallet(tx, {
    payerUserId: t.fromUserId,
    toAccountId: to.id,
    amount: t.amount,
    type: "member_transfer",
    description: t.description,
    idempotencyKey: `transfer:${t.transferId}`,
    actorUserId: t.fromUserId,
    metadata: { transferId: t.transferId },
  });
  if (!posted.replayed) {
    const currency = walletCurrency();
    const fromWallet = posted.entries.find((e) => e.accountId !== to.id);
    await walletEmails.transferSent(tx, sender, { amount: t.amount, currency }, recipient.name ?? recipient.email, { amount: fromWallet?.balanceAfter ?? 0, currency });
    await walletEmails.transferReceived(tx, recipient, { amount: t.amount, currency }, sender.name ?? sender.email);
  }
  return posted.id;
}

export const memberTransferCommand = definePaymentCommand("member_transfer", memberTransferPayload, completeMemberTransfer);

/** The wallet's rules for a transfer (not to yourself, to a Plaza member), checked before any money moves. */
export async function prepareTransfer(db: Database, from: { id: string; email: string }, r: TransferRequest): Promise<MemberTransfer> {
  if (r.toEmail === from.email.toLowerCase()) throw new AppError("self_transfer", "You can't transfer money to yourself.", { param: "toEmail" });
  const [recipient] = await db.select({ id: users.id }).from(users).where(eq(users.email, r.toEmail)).limit(1);
  if (!recipient) throw new AppError("unknown_member", `No Plaza member has the email ${r.toEmail}. Check it and try again.`, { param: "toEmail" });
  return { transferId: crypto.randomUUID(), fromUserId: from.id, toUserId: recipient.id, amount: r.amount, description: r.description || "Transfer" };
}
