import "server-only";
import { z } from "zod";
import type { Database } from "@/db/client";
import { AppError, isAppError } from "@/lib/errors";
import { LedgerError } from "@/lib/ledger/errors";
import { completeIouPayment, iouPaymentPayload } from "./ious";
import { completeMemberTransfer, memberTransferPayload } from "./transfers";

/**
 * Interactive payments that needed a card top-up first are stored as a route code plus payload on the
 * top-up, and finished here, inside the transaction that credits the top-up. Each route is also what runs
 * when the wallet already had the money, so a payment has one definition whichever way it is paid.
 *
 * The routes are looked up at call time, not in a module-level table: ious.ts and transfers.ts import
 * payments.ts, which imports this module, so a table built while this module evaluates would read their
 * exports before they are initialised (a TDZ ReferenceError in the production bundle, depending on which
 * module a page imports first).
 */
const ROUTE_NAMES = ["member_transfer", "iou_payment"] as const;

export type CallbackRoute = (typeof ROUTE_NAMES)[number];

export type PaymentCallback =
  | { route: "member_transfer"; payload: z.infer<typeof memberTransferPayload> }
  | { route: "iou_payment"; payload: z.infer<typeof iouPaymentPayload> };

export interface StoredCallback {
  route: string;
  payload: unknown;
}

export type CallbackResult = { status: "done"; ledgerTransactionId: number } | { status: "failed"; code: string; message: string };

function isRoute(route: string): route is CallbackRoute {
  return (ROUTE_NAMES as readonly string[]).includes(route);
}

/** Runs the payment; throws (AppError / LedgerError) when it cannot be made. */
export async function executePaymentCallback(tx: Database, callback: StoredCallback): Promise<number> {
  if (!isRoute(callback.route)) throw new AppError("invalid_request", `Unknown payment callback "${callback.route}".`);
  switch (callback.route) {
    case "member_transfer":
      return completeMemberTransfer(tx, memberTransferPayload.parse(callback.payload));
    case "iou_payment":
      return completeIouPayment(tx, iouPaymentPayload.parse(callback.payload));
  }
}

/**
 * Runs a stored callback in a savepoint and never throws: if the payment can no longer be made (the IOU was
 * cancelled meanwhile, say) the top-up still stands in the wallet and the failure is recorded for the member.
 */
export async function runPaymentCallback(tx: Database, callback: StoredCallback): Promise<CallbackResult> {
  try {
    const ledgerTransactionId = await tx.transaction((sp) => executePaymentCallback(sp, callback));
    return { status: "done", ledgerTransactionId };
  } catch (e) {
    if (isAppError(e) || e instanceof LedgerError) return { status: "failed", code: e.code, message: e.message };
    throw e;
  }
}
