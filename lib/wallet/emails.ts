import "server-only";
import type { Database } from "@/db/client";
import { enqueueEmail } from "@/lib/notify/outbox";
import { formatMoney, type Money } from "@/lib/money";
import { env } from "@/lib/env";

interface Recipient {
  id: string;
  email: string;
}

function link(path: string) {
  return `${env().appUrl}${path}`;
}

/** The wallet's emails, queued in the caller's transaction (they exist exactly when the money moved). */
export const walletEmails = {
  topUpReceived: (db: Database, to: Recipient, amount: Money, balance: Money) =>
    enqueueEmail(db, {
      to: to.email,
      userId: to.id,
      template: "top_up_received",
      subject: `Your wallet was topped up with ${formatMoney(amount)}`,
      body: `We added ${formatMoney(amount)} to your Plaza wallet. Your balance is now ${formatMoney(balance)}.\n\nSee your statement: ${link("/wallet/statement")}`,
    }),
  autoTopUpFailed: (db: Database, to: Recipient, amount: Money, reason: string) =>
    enqueueEmail(db, {
      to: to.email,
      userId: to.id,
      template: "auto_top_up_failed",
      subject: "Your automatic top-up failed and has been turned off",
      body: `We tried to top up your wallet with ${formatMoney(amount)} but your card was not charged: ${reason}\n\nAutomatic top-up is now off. Add a card again to turn it back on: ${link("/wallet")}`,
    }),
  transferSent: (db: Database, to: Recipient, amount: Money, recipient: string, balance: Money) =>
    enqueueEmail(db, {
      to: to.email,
      userId: to.id,
      template: "transfer_sent",
      subject: `You sent ${formatMoney(amount)} to ${recipient}`,
      body: `You sent ${formatMoney(amount)} to ${recipient}. Your balance is now ${formatMoney(balance)}.\n\n${link("/wallet/statement")}`,
    }),
  transferReceived: (db: Database, to: Recipient, amount: Money, sender: string) =>
    enqueueEmail(db, {
      to: to.email,
      userId: to.id,
      template: "transfer_received",
      subject: `${sender} sent you ${formatMoney(amount)}`,
      body: `${sender} sent ${formatMoney(amount)} to your Plaza wallet.\n\n${link("/wallet")}`,
    }),
  iouRaised: (db: Database, to: Recipient, amount: Money, organisation: string, description: string) =>
    enqueueEmail(db, {
      to: to.email,
      userId: to.id,
      template: "iou_raised",
      subject: `${organisation} asks you to pay ${formatMoney(amount)}`,
      body: `${organisation} added a payment for you to make: ${description} (${formatMoney(amount)}).\n\nPay it from your wallet or by card: ${link("/wallet")}`,
    }),
  iouPaid: (db: Database, to: Recipient, amount: Money, organisation: string, description: string) =>
    enqueueEmail(db, {
      to: to.email,
      userId: to.id,
      template: "iou_paid",
      subject: `You paid ${formatMoney(amount)} to ${organisation}`,
      body: `Thank you: you paid ${organisation} ${formatMoney(amount)} for ${description}.\n\n${link("/wallet/statement")}`,
    }),
  paymentReceived: (db: Database, to: Recipient, amount: Money, organisation: string, description: string) =>
    enqueueEmail(db, {
      to: to.email,
      userId: to.id,
      template: "organisation_payment",
      subject: `${organisation} paid you ${formatMoney(amount)}`,
      body: `${organisation} paid ${formatMoney(amount)} into your Plaza wallet: ${description}.\n\n${link("/wallet")}`,
    }),
  lowBalance: (db: Database, to: Recipient, balance: Money) =>
    enqueueEmail(db, {
      to: to.email,
      userId: to.id,
      template: "low_balance",
      subject: `Your Plaza wallet is low: ${formatMoney(balance)}`,
      body: `Your wallet balance is ${formatMoney(balance)}. Top up so your next payment goes through: ${link("/wallet")}\n\nYou can turn these warnings off on your wallet page.`,
    }),
};
