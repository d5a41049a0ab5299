import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { walletSettings } from "@/db/schema";
import { env } from "@/lib/env";
import { autoTopUpAmount } from "@/lib/money";
import { minorAmount } from "@/lib/schemas";
import { walletBalance } from "./accounts";
import { getWalletSettings, updateWalletSettings } from "./settings";
import { assertTopUpAmount } from "./top-ups";

/**
 * Automatic top-ups, the wallet's side: the on/off state, the saved card and the amount rule. Status goes
 * off -> pending when a card is being saved, pending -> on when the completed setup arrives (webhook or return
 * page), and back to off when the member turns it off or a charge fails. The Stripe calls are in lib/payments.
 */

/** The input of "top up by this amount automatically", for the API and the wallet page alike. */
export const autoTopUpRequest = z.object({ amount: minorAmount });

export async function beginAutoTopUpSetup(tx: Database, userId: string, amount: number, setupSessionId: string): Promise<void> {
  await updateWalletSettings(tx, userId, { autoTopUpStatus: "pending", autoTopUpAmount: amount, setupSessionId });
}

/** The setup session completed with a saved card: auto top-up is on (idempotent; only for the current session). */
export async function completeAutoTopUpSetup(tx: Database, userId: string, setupSessionId: string, card: { paymentMethodId: string; cardLabel: string }): Promise<void> {
  await tx
    .update(walletSettings)
    .set({ autoTopUpStatus: "on", paymentMethodId: card.paymentMethodId, cardLabel: card.cardLabel, updatedAt: new Date() })
    .where(and(eq(walletSettings.userId, userId), eq(walletSettings.setupSessionId, setupSessionId)));
}

/** An abandoned setup session puts a still-pending auto top-up back to off. */
export async function abandonAutoTopUpSetup(tx: Database, userId: string, setupSessionId: string): Promise<void> {
  await tx
    .update(walletSettings)
    .set({ autoTopUpStatus: "off", updatedAt: new Date() })
    .where(and(eq(walletSettings.userId, userId), eq(walletSettings.setupSessionId, setupSessionId), eq(walletSettings.autoTopUpStatus, "pending")));
}

export async function turnOffAutoTopUp(db: Database, userId: string): Promise<void> {
  await updateWalletSettings(db, userId, { autoTopUpStatus: "off" });
}

export async function setAutoTopUpAmount(db: Database, userId: string, amount: number): Promise<void> {
  assertTopUpAmount(amount);
  await updateWalletSettings(db, userId, { autoTopUpAmount: amount });
}

/**
 * What to charge the saved card before a payment, or null for nothing. The rule: when auto top-up is on and
 * the payment would leave the balance under the low-balance limit, charge the smallest multiple of the
 * member's chosen amount that brings the balance back to at least that limit after the payment.
 */
export async function planAutoTopUp(db: Database, userId: string, payment: number): Promise<{ amount: number; paymentMethodId: string } | null> {
  const settings = await getWalletSettings(db, userId);
  if (settings.autoTopUpStatus !== "on" || !settings.paymentMethodId) return null;
  const balance = (await walletBalance(db, userId)).amount;
  const amount = autoTopUpAmount({ balance, payment, lowLimit: env().WALLET_LOW_BALANCE, configuredAmount: settings.autoTopUpAmount });
  return amount === 0 ? null : { amount, paymentMethodId: settings.paymentMethodId };
}
