import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { organisations } from "@/db/schema";
import { findUserByEmail } from "@/lib/auth/users";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getOrCreateAccount } from "@/lib/ledger/accounts";
import { LedgerError } from "@/lib/ledger/errors";
import { postTransaction } from "@/lib/ledger/post";
import { emailAddress, paymentDescription } from "@/lib/schemas";

/**
 * A manual adjustment by a platform admin (POST /api/admin/adjustments and the admin page's form): money into
 * (positive) or out of (negative) a member's wallet or an organisation's balance, against the platform's
 * `adjustments` account, with the reason shown on the holder's statement. `requestId` makes it idempotent: the
 * same request posts once; the same id with a different content is 409 idempotency_conflict.
 */
export const adjustmentRequest = z
  .object({
    userEmail: emailAddress.optional(),
    orgSlug: z.string().trim().min(1).max(200).optional(),
    amount: z
      .number({ error: "amount must be a number of minor units (cents)" })
      .int("amount must be a whole number of minor units (cents)")
      .refine((n) => n !== 0, "amount must not be zero: positive adds money, negative takes it away")
      .refine((n) => Math.abs(n) <= Number.MAX_SAFE_INTEGER, "amount is too large"),
    description: paymentDescription,
    requestId: z.uuid("requestId must be a UUID.").default(() => crypto.randomUUID()),
  })
  .refine((v) => (v.userEmail === undefined) !== (v.orgSlug === undefined), { message: "give either userEmail or orgSlug", path: ["userEmail"] });
export type AdjustmentRequest = z.input<typeof adjustmentRequest>;

export interface AdjustmentResult {
  id: string;
  ledgerTransactionId: number;
  reference: string;
  holder: { kind: "member" | "organisation"; key: string };
  amount: number;
  currency: string;
  replayed: boolean;
}

export async function postAdjustment(db: Database, raw: AdjustmentRequest, actorUserId: string): Promise<AdjustmentResult> {
  const input = adjustmentRequest.parse(raw);
  const currency = env().PLAZA_CURRENCY;
  let holder: { kind: "member" | "organisation"; key: string; ownerUserId?: string; ownerOrganisationId?: string };
  if (input.userEmail) {
    const user = await findUserByEmail(db, input.userEmail);
    if (!user) throw new AppError("validation_failed", "userEmail: no Plaza account has this email.", { param: "userEmail" });
    holder = { kind: "member", key: user.email, ownerUserId: user.id };
  } else {
    const [org] = await db.select({ id: organisations.id, slug: organisations.slug }).from(organisations).where(eq(organisations.slug, input.orgSlug ?? ""));
    if (!org) throw new AppError("validation_failed", "orgSlug: no organisation has this slug.", { param: "orgSlug" });
    holder = { kind: "organisation", key: org.slug, ownerOrganisationId: org.id };
  }
  return db.transaction(async (tx) => {
    const account = await getOrCreateAccount(tx, holder.ownerUserId ? { kind: "member_wallet", ownerUserId: holder.ownerUserId, currency } : { kind: "organisation", ownerOrganisationId: holder.ownerOrganisationId, currency });
    const adjustments = await getOrCreateAccount(tx, { kind: "adjustments", currency });
    try {
      const posted = await postTransaction(tx, {
        type: "manual_adjustment",
        description: input.description,
        idempotencyKey: `adjustment:${input.requestId}`,
        actorUserId,
        entries: [
          { accountId: account.id, amount: input.amount },
          { accountId: adjustments.id, amount: -input.amount },
        ],
      });
      return { id: input.requestId, ledgerTransactionId: posted.id, reference: posted.reference, holder: { kind: holder.kind, key: holder.key }, amount: input.amount, currency, replayed: posted.replayed };
    } catch (e) {
      if (e instanceof LedgerError && e.code === "insufficient_funds") throw new AppError("insufficient_funds", "The balance is too low to take this amount away; nothing was changed.");
      if (e instanceof LedgerError && e.code === "idempotency_conflict") throw new AppError("idempotency_conflict", "This requestId was already used for a different adjustment; use a new one.");
      throw e;
    }
  });
}
