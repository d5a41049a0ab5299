import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { UiMode } from "@/lib/stripe/checkout-response";
import { normaliseEmail } from "@/lib/auth/users";
import { memberWalletAccount, walletCurrency } from "./accounts";
import { walletEmails } from "./emails";
import { debitWallet, payFromWallet, type PaymentOutcome } from "./payments";

export const memberTransferPayload = z.object({
  transferId: z.uuid(),
  fromUserId: z.string(),
  toUserId: z.string(),
  amount: z.number().int().positive(),
  description: z.string().min(1).max(200),
});

export type MemberTransfer = z.infer<typeof memberTransferPayload>;

/** Posts a member-to-member transfer (callback route "member_transfer"); idempotent on the transfer id. */
export async function completeMemberTransfer(tx: Database, t: MemberTransfer): Promise<number> {
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

export interface TransferRequest {
  from: { id: string; email: string; name?: string | null };
  toEmail: string;
  amount: number;
  description: string;
  mode: "batch" | "interactive";
  uiMode?: UiMode;
}

/** Checks a transfer request (self, unknown member, amount) before any money moves. */
export async function prepareTransfer(db: Database, r: TransferRequest): Promise<MemberTransfer> {
  if (!Number.isSafeInteger(r.amount) || r.amount <= 0) throw new AppError("validation_failed", "amount: enter an amount greater than zero, in minor units.", { param: "amount" });
  const email = normaliseEmail(r.toEmail);
  if (email === normaliseEmail(r.from.email)) throw new AppError("self_transfer", "You can't transfer money to yourself.", { param: "toEmail" });
  const [recipient] = await db.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
  if (!recipient) throw new AppError("unknown_member", `No Plaza member has the email ${email}. Check it and try again.`, { param: "toEmail" });
  return { transferId: crypto.randomUUID(), fromUserId: r.from.id, toUserId: recipient.id, amount: r.amount, description: r.description.trim() || "Transfer" };
}

export async function transferToMember(db: Database, r: TransferRequest): Promise<PaymentOutcome & { transferId: string }> {
  const transfer = await prepareTransfer(db, r);
  const outcome = await payFromWallet(db, { payer: r.from, amount: r.amount, mode: r.mode, uiMode: r.uiMode, callback: { route: "member_transfer", payload: transfer } });
  return { ...outcome, transferId: transfer.transferId };
}
