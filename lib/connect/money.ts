import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import { memberships, organisations, users } from "@/db/schema";
import { env } from "@/lib/env";
import { formatMoney } from "@/lib/money";
import { enqueueEmail } from "@/lib/notify/outbox";
import { stripe } from "@/lib/stripe/client";
import { findConnectedAccount } from "./accounts";
import { currentAccount } from "./can-sell";

export interface SellerBalance {
  available: { amount: number; currency: string }[];
  pending: { amount: number; currency: string }[];
}

export interface PayoutView {
  id: string;
  amount: number;
  currency: string;
  status: string;
  arrivalDate: string;
  failureCode: string | null;
  failureMessage: string | null;
  /** What the seller can do about a failed payout, in words. */
  failureAction: string | null;
}

/** What to do about each failure code Stripe documents for payouts. */
const PAYOUT_FAILURE_ACTIONS: Record<string, string> = {
  account_closed: "The bank account is closed. Add a new bank account; Stripe pays the money again to it.",
  account_frozen: "The bank has frozen this account. Ask your bank, or add a different bank account.",
  bank_account_restricted: "The bank account can't receive this kind of payment. Ask your bank, or add a different account.",
  bank_ownership_changed: "The bank account changed owner. Add the bank account again.",
  could_not_process: "The bank could not process the payout. Check the bank details; Stripe retries with the next payout.",
  debit_not_authorized: "The bank refused a debit on this account. Ask your bank to allow Stripe, or add another account.",
  declined: "The bank declined the payout. Ask your bank why, or add a different account.",
  incorrect_account_holder_address: "The account holder's address doesn't match the bank's records. Correct it in your details.",
  incorrect_account_holder_name: "The account holder's name doesn't match the bank's records. Correct it, or add the account again.",
  incorrect_account_holder_tax_id: "The tax id doesn't match the bank's records. Correct it in your details.",
  insufficient_funds: "There was not enough money in the Stripe balance. It is paid with the next payout.",
  invalid_account_number: "The account number is wrong. Add the bank account again with the right number.",
  invalid_currency: "The bank account can't receive this currency. Add an account in the right currency.",
  no_account: "The bank account doesn't exist. Add the bank account again with the right details.",
  unsupported_card: "This card can't receive payouts. Add a bank account instead.",
};

export function payoutFailureAction(code: string | null): string | null {
  if (!code) return null;
  return PAYOUT_FAILURE_ACTIONS[code] ?? "Check the bank details in your account; the money stays in your Stripe balance until a payout succeeds.";
}

/** The connected account's Stripe balance, read as the account (Stripe-Account header); null when none is connected. */
export async function sellerBalance(db: Database, organisationId: string): Promise<SellerBalance | null> {
  const account = await currentAccount(db, organisationId);
  if (!account) return null;
  const b = await stripe().balance.retrieve({}, { stripeAccount: account.id });
  const amounts = (xs: Stripe.Balance.Available[] | Stripe.Balance.Pending[]) => xs.map((x) => ({ amount: x.amount, currency: x.currency }));
  return { available: amounts(b.available), pending: amounts(b.pending) };
}

export function payoutView(p: Stripe.Payout): PayoutView {
  return {
    id: p.id,
    amount: p.amount,
    currency: p.currency,
    status: p.status,
    arrivalDate: new Date(p.arrival_date * 1000).toISOString(),
    failureCode: p.failure_code,
    failureMessage: p.failure_message,
    failureAction: p.status === "failed" ? payoutFailureAction(p.failure_code) : null,
  };
}

/** The connected account's latest payouts, newest first (failed ones first of all: nobody should miss one). */
export async function sellerPayouts(db: Database, organisationId: string, limit = 20): Promise<PayoutView[] | null> {
  const account = await currentAccount(db, organisationId);
  if (!account) return null;
  const list = await stripe().payouts.list({ limit }, { stripeAccount: account.id });
  const views = list.data.map(payoutView);
  return [...views.filter((v) => v.status === "failed"), ...views.filter((v) => v.status !== "failed")];
}

/** A payout failed: every owner of the organisation is emailed with Stripe's reason and what to do (in the event's transaction). */
export async function notifyPayoutFailed(tx: Database, accountId: string, payout: Stripe.Payout): Promise<void> {
  const account = await findConnectedAccount(tx, accountId);
  if (!account?.organisationId) return;
  const [org] = await tx.select().from(organisations).where(eq(organisations.id, account.organisationId));
  if (!org) return;
  const owners = await tx
    .select({ id: users.id, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organisationId, org.id), inArray(memberships.role, ["owner"])));
  const amount = formatMoney({ amount: payout.amount, currency: payout.currency });
  for (const owner of owners) {
    await enqueueEmail(tx, {
      to: owner.email,
      userId: owner.id,
      template: "payout_failed",
      subject: `A payout of ${amount} to ${org.name}'s bank failed`,
      body: `Stripe could not pay ${amount} to ${org.name}'s bank account: ${payout.failure_message ?? payout.failure_code ?? "no reason given"}.\n\n${payoutFailureAction(payout.failure_code)}\n\nThe money stays in the Stripe balance until a payout succeeds: ${env().appUrl}/orgs/${org.slug}/payments`,
    });
  }
}
