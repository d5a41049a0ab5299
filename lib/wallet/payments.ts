import "server-only";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { LedgerError } from "@/lib/ledger/errors";
import { postTransaction, type PostedTransaction } from "@/lib/ledger/post";
import type { LedgerTransactionType } from "@/db/schema";
import { formatMoney } from "@/lib/money";
import type { CheckoutStart, UiMode } from "@/lib/stripe/checkout-response";
import { memberWalletAccount, walletBalance, walletCurrency } from "./accounts";
import { maybeAutoTopUp } from "./auto-top-up";
import { executePaymentCallback, type PaymentCallback } from "./callbacks";
import { walletEmails } from "./emails";
import { getWalletSettings } from "./settings";
import { startTopUpCheckout } from "./top-ups";

export interface WalletDebit {
  payerUserId: string;
  /** The ledger account that receives the money. */
  toAccountId: number;
  amount: number;
  type: LedgerTransactionType;
  description: string;
  idempotencyKey: string;
  actorUserId: string;
  metadata?: Record<string, unknown>;
}

/**
 * Moves money out of a member's wallet inside the caller's transaction (no Stripe calls here: this is what
 * runs in a webhook's transaction too). The ledger refuses an overdraft; that surfaces as 402
 * insufficient_funds. Sends the low-balance warning when this payment takes the balance under the threshold.
 */
export async function debitWallet(tx: Database, d: WalletDebit): Promise<PostedTransaction> {
  const wallet = await memberWalletAccount(tx, d.payerUserId);
  let posted: PostedTransaction;
  try {
    posted = await postTransaction(tx, {
      type: d.type,
      description: d.description,
      idempotencyKey: d.idempotencyKey,
      actorUserId: d.actorUserId,
      metadata: d.metadata,
      entries: [
        { accountId: wallet.id, amount: -d.amount },
        { accountId: d.toAccountId, amount: d.amount },
      ],
    });
  } catch (e) {
    if (e instanceof LedgerError && e.code === "insufficient_funds") {
      throw new AppError("insufficient_funds", "Your wallet balance is too low for this payment. Top up your wallet and try again.");
    }
    throw e;
  }
  const after = posted.entries.find((e) => e.accountId === wallet.id)?.balanceAfter;
  const threshold = env().WALLET_LOW_BALANCE;
  if (!posted.replayed && after !== undefined && after < threshold && after + d.amount >= threshold) {
    const settings = await getWalletSettings(tx, d.payerUserId);
    if (settings.lowBalanceWarnings) {
      const [payer] = await tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, d.payerUserId));
      if (payer) await walletEmails.lowBalance(tx, payer, { amount: after, currency: walletCurrency() });
    }
  }
  return posted;
}

export type PaymentOutcome =
  | { status: "paid"; ledgerTransactionId: number }
  | { status: "requires_checkout"; shortfall: number; checkout: CheckoutStart & { topUpId: string } };

export interface PayFromWalletInput {
  payer: { id: string; email: string; name?: string | null };
  amount: number;
  /** batch: pay from the balance (auto top-up first when on) or fail; interactive: else Checkout for the shortfall. */
  mode: "batch" | "interactive";
  uiMode?: UiMode;
  /** The payment itself, also stored with a shortfall top-up and run by its fulfilment. */
  callback: PaymentCallback;
}

/**
 * The payment API other modules use. Auto top-up runs before the payment's transaction (a Stripe call must
 * never hold ledger locks); the payment is then posted in one transaction by its callback route.
 */
export async function payFromWallet(db: Database, input: PayFromWalletInput): Promise<PaymentOutcome> {
  const autoTopUp = await maybeAutoTopUp(db, input.payer, input.amount);
  try {
    const ledgerTransactionId = await db.transaction((tx) => executePaymentCallback(tx, input.callback));
    return { status: "paid", ledgerTransactionId };
  } catch (e) {
    if (!(e instanceof AppError && e.code === "insufficient_funds")) throw e;
    const balance = (await walletBalance(db, input.payer.id)).amount;
    const shortfall = input.amount - Math.max(balance, 0);
    if (input.mode === "batch") {
      const why = autoTopUp.attempted && !autoTopUp.ok ? ` The automatic top-up failed (${autoTopUp.reason}) and has been turned off.` : "";
      throw new AppError("insufficient_funds", `Your wallet has ${formatMoney({ amount: balance, currency: walletCurrency() })}, ${formatMoney({ amount: shortfall, currency: walletCurrency() })} short of this payment.${why} Top up and try again.`, {
        details: { shortfall, balance },
      });
    }
    const checkout = await startTopUpCheckout(db, { user: input.payer, amount: shortfall, uiMode: input.uiMode ?? "hosted", kind: "shortfall", callback: input.callback });
    return { status: "requires_checkout", shortfall, checkout };
  }
}
