import type { z } from "zod";
import type { Database } from "@/db/client";
import { validationError } from "@/lib/errors";

/**
 * A payment that may have to wait for a card top-up: stored as a name plus payload on the top-up, and run
 * in the transaction that credits it. It is also what runs when the wallet already has the money, so each
 * payment has one definition whichever way it is paid. Runs return the ledger transaction id.
 */
export interface PaymentCommandDefinition<N extends string, S extends z.ZodType> {
  name: N;
  payload: S;
  /** Runs the payment from a payload that was stored as JSON (validated again: storage is untyped). */
  execute(tx: Database, stored: unknown): Promise<number>;
}

export function definePaymentCommand<N extends string, S extends z.ZodType>(name: N, payload: S, run: (tx: Database, p: z.infer<S>) => Promise<number>): PaymentCommandDefinition<N, S> {
  return {
    name,
    payload,
    execute(tx, stored) {
      const parsed = payload.safeParse(stored);
      if (!parsed.success) throw validationError(parsed.error.issues);
      return run(tx, parsed.data);
    },
  };
}
