import "server-only";
import type { z } from "zod";
import type { Database } from "@/db/client";
import { isAppError } from "@/lib/errors";
import { LedgerError } from "@/lib/ledger/errors";
import { iouPaymentCommand } from "./ious";
import { memberTransferCommand } from "./transfers";

/** The registry of stored payment commands: a name for each, looked up when a top-up is credited. */
const COMMANDS: Record<string, { execute(tx: Database, stored: unknown): Promise<number> }> = {
  [memberTransferCommand.name]: memberTransferCommand,
  [iouPaymentCommand.name]: iouPaymentCommand,
};

/** A command as it is stored with a shortfall top-up: its name (`route`) and payload. */
export type PaymentCommand =
  | { route: typeof memberTransferCommand.name; payload: z.infer<typeof memberTransferCommand.payload> }
  | { route: typeof iouPaymentCommand.name; payload: z.infer<typeof iouPaymentCommand.payload> };

export interface StoredCommand {
  route: string;
  payload: unknown;
}

export type CommandResult = { status: "done"; ledgerTransactionId: number } | { status: "failed"; code: string; message: string };

/** Runs the payment; throws (AppError / LedgerError) when it cannot be made. */
export async function executePaymentCommand(tx: Database, command: StoredCommand): Promise<number> {
  const definition = Object.hasOwn(COMMANDS, command.route) ? COMMANDS[command.route] : undefined;
  if (!definition) throw new Error(`unknown payment command "${command.route}"`);
  return definition.execute(tx, command.payload);
}

/**
 * Runs a stored command in a savepoint and never throws for a payment that can no longer be made (the IOU
 * was cancelled meanwhile, say): the top-up still stands in the wallet and the failure is kept for the member.
 */
export async function runStoredCommand(tx: Database, command: StoredCommand): Promise<CommandResult> {
  try {
    const ledgerTransactionId = await tx.transaction((sp) => executePaymentCommand(sp, command));
    return { status: "done", ledgerTransactionId };
  } catch (e) {
    // A lost race (concurrency_conflict) is not the command's failure: it propagates, and the transaction runs again.
    if (isAppError(e) || (e instanceof LedgerError && e.code !== "concurrency_conflict")) return { status: "failed", code: e.code, message: e.message };
    throw e;
  }
}

/** A stored result read back from the database (jsonb), or null when it is not one. */
export function commandResultOf(value: unknown): CommandResult | null {
  if (typeof value !== "object" || value === null || !("status" in value)) return null;
  if (value.status === "done" && "ledgerTransactionId" in value && typeof value.ledgerTransactionId === "number") return { status: "done", ledgerTransactionId: value.ledgerTransactionId };
  if (value.status === "failed") {
    const code = "code" in value && typeof value.code === "string" ? value.code : "failed";
    const message = "message" in value && typeof value.message === "string" ? value.message : "The payment could not be made.";
    return { status: "failed", code, message };
  }
  return null;
}
