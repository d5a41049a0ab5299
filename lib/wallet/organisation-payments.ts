import "server-only";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { organisations } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { LedgerError } from "@/lib/ledger/errors";
import { postTransaction } from "@/lib/ledger/post";
import { z } from "zod";
import { emailAddress, minorAmount, paymentDescription } from "@/lib/schemas";
import { memberWalletAccount, organisationAccount, walletCurrency } from "./accounts";
import { notAMember, organisationMemberByEmail } from "@/lib/orgs/members";
import { walletEmails } from "./emails";

/** The input of "pay a member from the organisation", for the API and the organisation page's form alike. */
export const organisationPaymentRequest = z.object({
  email: emailAddress,
  amount: minorAmount,
  description: paymentDescription,
  // Makes a repeated submit post once; a JSON client may send its own, else each request is a new payment.
  requestId: z.uuid("requestId must be a UUID.").default(() => crypto.randomUUID()),
});

/**
 * An organisation admin pays a member from the organisation's balance into the member's wallet. The
 * organisation's account may not go below zero; `requestId` makes a double submit post once.
 */
export async function payMemberFromOrganisation(
  db: Database,
  input: { organisationId: string; email: string; amount: number; description: string; actorUserId: string; requestId: string },
): Promise<number> {
  return db.transaction(async (tx) => {
    // Only the organisation's members; "no account" and "not a member" read the same.
    const member = await organisationMemberByEmail(tx, input.organisationId, input.email);
    if (!member) throw notAMember();
    const [org] = await tx.select().from(organisations).where(eq(organisations.id, input.organisationId));
    if (!org) throw new AppError("not_found", "No such organisation.");
    const from = await organisationAccount(tx, org.id);
    const to = await memberWalletAccount(tx, member.id);
    try {
      const posted = await postTransaction(tx, {
        type: "organisation_transfer",
        description: input.description,
        idempotencyKey: `org-payment:${input.requestId}`,
        actorUserId: input.actorUserId,
        entries: [
          { accountId: from.id, amount: -input.amount },
          { accountId: to.id, amount: input.amount },
        ],
      });
      if (!posted.replayed) await walletEmails.paymentReceived(tx, member, { amount: input.amount, currency: walletCurrency() }, org.name, input.description);
      return posted.id;
    } catch (e) {
      if (e instanceof LedgerError && e.code === "insufficient_funds") {
        throw new AppError("insufficient_funds", `${org.name}'s balance is too low to pay this amount.`);
      }
      throw e;
    }
  });
}
