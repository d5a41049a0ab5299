import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { ious, organisations, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { emailAddress, minorAmount, paymentDescription } from "@/lib/schemas";
import { notAMember, organisationMemberByEmail } from "@/lib/orgs/members";
import { organisationAccount, walletCurrency } from "./accounts";
import { definePaymentCommand } from "./command";
import { debitWallet } from "./debit";
import { walletEmails } from "./emails";

export type Iou = typeof ious.$inferSelect;

/** The input of "ask a member to pay", for the JSON API and the organisation page's form alike. */
export const iouRequest = z.object({
  email: emailAddress,
  amount: minorAmount,
  description: paymentDescription,
});

/**
 * An organisation asks one of its members to pay an amount later (an IOU); the member is emailed. Anyone who
 * is not a member, with or without a Plaza account, gets the same answer.
 */
export async function raiseIou(db: Database, input: { organisationId: string; email: string; amount: number; description: string; createdBy: string }): Promise<Iou> {
  return db.transaction(async (tx) => {
    const [org] = await tx.select().from(organisations).where(eq(organisations.id, input.organisationId));
    if (!org) throw new AppError("not_found", "No such organisation.");
    const member = await organisationMemberByEmail(tx, org.id, input.email);
    if (!member) throw notAMember();
    const [iou] = await tx
      .insert(ious)
      .values({ organisationId: org.id, userId: member.id, amount: input.amount, currency: walletCurrency(), description: input.description, createdBy: input.createdBy })
      .returning();
    await walletEmails.iouRaised(tx, member, { amount: iou.amount, currency: iou.currency }, org.name, iou.description);
    return iou;
  });
}

const iouPaymentPayload = z.object({ iouId: z.uuid(), userId: z.string() });

/** Pays an open IOU from the wallet (stored command "iou_payment"): debit, credit the organisation, mark paid. */
async function completeIouPayment(tx: Database, p: z.infer<typeof iouPaymentPayload>): Promise<number> {
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

export const iouPaymentCommand = definePaymentCommand("iou_payment", iouPaymentPayload, completeIouPayment);

/** The member's open IOU, or the reason it cannot be paid. */
// IOU ids are UUIDs: anything else (from a form or a URL, a NUL included) is unknown, never a database error.
const IOU_ID = z.uuid();

export async function payableIou(db: Database, payerId: string, iouId: string): Promise<Iou> {
  if (!IOU_ID.safeParse(iouId).success) throw new AppError("not_found", "No such IOU.");
  const [iou] = await db.select().from(ious).where(and(eq(ious.id, iouId), eq(ious.userId, payerId)));
  if (!iou) throw new AppError("not_found", "No such IOU.");
  if (iou.status !== "open") throw new AppError("conflict", iou.status === "paid" ? "This IOU is already paid." : "This IOU was cancelled.");
  return iou;
}

export async function cancelIou(db: Database, organisationId: string, iouId: string): Promise<void> {
  if (!IOU_ID.safeParse(iouId).success) throw new AppError("conflict", "Only open IOUs can be cancelled.");
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
