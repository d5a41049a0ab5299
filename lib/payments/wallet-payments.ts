import "server-only";
import type { Database } from "@/db/client";
import { AppError } from "@/lib/errors";
import { formatMoney } from "@/lib/money";
import type { CheckoutStart, UiMode } from "@/lib/stripe/checkout-response";
import { walletBalance, walletCurrency } from "@/lib/wallet/accounts";
import { executePaymentCommand, type PaymentCommand } from "@/lib/wallet/commands";
import { iouPaymentCommand, payableIou } from "@/lib/wallet/ious";
import { memberTransferCommand, prepareTransfer, type TransferRequest } from "@/lib/wallet/transfers";
import { chargeAutoTopUpIfNeeded } from "./auto-top-up";
import { assertNoTransaction } from "./no-transaction";
import { startTopUpCheckout } from "./top-ups";

export type PaymentOutcome =
  | { status: "paid"; ledgerTransactionId: number }
  | { status: "requires_checkout"; shortfall: number; checkout: CheckoutStart & { topUpId: string } };

export interface PayFromWalletInput {
  payer: { id: string; email: string; name?: string | null };
  amount: number;
  /** batch: pay from the balance (auto top-up first when on) or fail; interactive: else Checkout for the shortfall. */
  mode: "batch" | "interactive";
  uiMode?: UiMode;
  /** The payment itself, also stored with a shortfall top-up and run when that is credited. */
  command: PaymentCommand;
}

/**
 * The payment API other modules use. Auto top-up runs before the payment's transaction (a Stripe call never
 * holds ledger locks); the payment is then posted in one transaction by its command.
 */
export async function payFromWallet(db: Database, input: PayFromWalletInput): Promise<PaymentOutcome> {
  assertNoTransaction(db, "payFromWallet");
  const autoTopUp = await chargeAutoTopUpIfNeeded(db, input.payer, input.amount);
  try {
    const ledgerTransactionId = await db.transaction((tx) => executePaymentCommand(tx, input.command));
    return { status: "paid", ledgerTransactionId };
  } catch (e) {
    if (!(e instanceof AppError && e.code === "insufficient_funds")) throw e;
    const balance = (await walletBalance(db, input.payer.id)).amount;
    const shortfall = input.amount - Math.max(balance, 0);
    if (input.mode === "batch") {
      const currency = walletCurrency();
      const why = autoTopUp.attempted && !autoTopUp.ok ? ` The automatic top-up failed (${autoTopUp.reason}) and has been turned off.` : "";
      throw new AppError("insufficient_funds", `Your wallet has ${formatMoney({ amount: balance, currency })}, ${formatMoney({ amount: shortfall, currency })} short of this payment.${why} Top up and try again.`, {
        details: { shortfall, balance },
      });
    }
    const checkout = await startTopUpCheckout(db, { user: input.payer, amount: shortfall, uiMode: input.uiMode ?? "hosted", kind: "shortfall", command: input.command });
    return { status: "requires_checkout", shortfall, checkout };
  }
}

interface PaymentMode {
  mode: "batch" | "interactive";
  uiMode?: UiMode;
}

/** A member-to-member transfer through the payment API. */
export async function transferToMember(db: Database, r: TransferRequest & PaymentMode & { from: { id: string; email: string; name?: string | null } }): Promise<PaymentOutcome & { transferId: string }> {
  const transfer = await prepareTransfer(db, r.from, r);
  const outcome = await payFromWallet(db, { payer: r.from, amount: r.amount, mode: r.mode, uiMode: r.uiMode, command: { route: memberTransferCommand.name, payload: transfer } });
  return { ...outcome, transferId: transfer.transferId };
}

/** Pays an open IOU through the payment API. */
export async function payIou(db: Database, payer: { id: string; email: string; name?: string | null }, iouId: string, opts: PaymentMode): Promise<PaymentOutcome> {
  const iou = await payableIou(db, payer.id, iouId);
  return payFromWallet(db, { payer, amount: iou.amount, ...opts, command: { route: iouPaymentCommand.name, payload: { iouId: iou.id, userId: payer.id } } });
}
