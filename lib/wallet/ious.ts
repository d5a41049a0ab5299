import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { ious, organisations, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { UiMode } from "@/lib/stripe/checkout-response";
import { organisationAccount, walletCurrency } from "./accounts";
import { walletEmails } from "./emails";
import { debitWallet, payFromWallet, type PaymentOutcome } from "./payments";

export const iouPaymentPayload = z.object({ iouId: z.uuid(), userId: z.string() });

export type Iou = typeof ious.$inferSelect;

/** An organisation asks a member to pay an amount later (Cobalt's IOU); the member is emailed. */
export async function raiseIou(db: Database, input: { organisationId: string; memberUserId: string; amount: number; description: string; createdBy: string }): Promise<Iou> {
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) throw new AppError("validation_failed", "amount: enter an amount greater than zero.", { param: "amount" });
  return db.transaction(async (tx) => {
    const [org] = await tx.select().from(organisations).where(eq(organisations.id, input.organisationId));
    const [member] = await tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, input.memberUserId));
    if (!org || !member) throw new AppError("unknown_member", "That member does not exist.", { param: "memberEmail" });
    const [iou] = await tx
      .insert(ious)
      .values({ organisationId: org.id, userId: member.id, amount: input.amount, currency: walletCurrency(), description: input.description, createdBy: input.createdBy })
      .returning();
    await walletEmails.iouRaised(tx, member, { amount: iou.amount, currency: iou.currency }, org.name, iou.description);
    return iou;
  });
}

/** Pays an open IOU from the wallet (callback route "iou_payment"): debit, credit the organisation, mark paid. */
export async function completeIouPayment(tx: Database, p: z.infer<typeof iouPaymentPayload>): Promise<number> {
  const [iou] = await tx.select().from(ious).where(and(eq(ious.id, p.iouId), eq(ious.userId, p.userId))).for("update");
  if (!iou) throw new AppError("not_found", "No such IOU.");
  if (iou.status !== "open") throw new AppError("conflict", iou.status === "paid" ? "This IOU is already paid." : "This IOU was cancelled by the organisation.");
  const [org] = await tx.select().from(organisations).where(eq(organisations.id, iou.organisationId));
  const orgAccount = await organisationAccount(tx, iou.organisationId);
  const posted = await debitWallet(tx, {
    payerUserId: iou.userId,
    toAccountId: orgAccount.id,
    amount: iou.amount,
    type: "iou_payment",
    description: iou.description,
    idempotencyKey: `iou:${iou.id}`,
    actorUserId: iou.userId,
    metadata: { iouId: iou.id },
  });
  await tx.update(ious).set({ status: "paid", paidAt: new Date(), ledgerTransactionId: posted.id }).where(eq(ious.id, iou.id));
  const [member] = await tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, iou.userId));
  if (member && org) await walletEmails.iouPaid(tx, member, { amount: iou.amount, currency: iou.currency }, org.name, iou.description);
  return posted.id;
}

export async function payIou(db: Database, payer: { id: string; email: string; name?: string | null }, iouId: string, opts: { mode: "batch" | "interactive"; uiMode?: UiMode }): Promise<PaymentOutcome> {
  const [iou] = await db.select().from(ious).where(and(eq(ious.id, iouId), eq(ious.userId, payer.id)));
  if (!iou) throw new AppError("not_found", "No such IOU.");
  if (iou.status !== "open") throw new AppError("conflict", iou.status === "paid" ? "This IOU is already paid." : "This IOU was cancelled.");
  return payFromWallet(db, { payer, amount: iou.amount, mode: opts.mode, uiMode: opts.uiMode, callback: { route: "iou_payment", payload: { iouId: iou.id, userId: payer.id } } });
}

export async function cancelIou(db: Database, organisationId: string, iouId: string): Promise<void> {
  const updated = await db
    .update(ious)
    .set({ status: "cancelled" })
    .where(and(eq(ious.id, iouId), eq(ious.organisationId, organisationId), eq(ious.status, "open")))
    .returning({ id: ious.id });
  if (updated.length === 0) throw new AppError("conflict", "Only open IOUs can be cancelled.");
}

export async function listMemberIous(db: Database, userId: string) {
  return db
    .select({ id: ious.id, amount: ious.amount, currency: ious.currency, description: ious.description, status: ious.status, createdAt: ious.createdAt, organisation: organisations.name })
    .from(ious)
    .innerJoin(organisations, eq(organisations.id, ious.organisationId))
    .where(eq(ious.userId, userId))
    .orderBy(desc(ious.createdAt))
    .limit(50);
}

export async function listOrganisationIous(db: Database, organisationId: string) {
  return db
    .select({ id: ious.id, amount: ious.amount, currency: ious.currency, description: ious.description, status: ious.status, createdAt: ious.createdAt, memberEmail: users.email })
    .from(ious)
    .innerJoin(users, eq(users.id, ious.userId))
    .where(eq(ious.organisationId, organisationId))
    .orderBy(desc(ious.createdAt))
    .limit(100);
}
