import "server-only";
import type { Database } from "@/db/client";
import { env } from "@/lib/env";
import { findAccount, getBalance } from "@/lib/ledger/accounts";
import { assertNoTransaction } from "@/lib/payments/no-transaction";
import { idempotencyKey, stripe } from "@/lib/stripe/client";

/** The description of the demo funding charge: reconciliation shows it as explained (it has no posting by design). */
export const DEMO_FUNDS_DESCRIPTION = "Demo: the platform balance the ledger expects at Stripe";

/**
 * Emulator demo mode only: the emulator forgets its balances when it restarts, while the demo ledger remembers
 * card top-ups (money Stripe holds for the platform). So that settlements can be paid by transfer on a fresh
 * machine, the platform's available Stripe balance is brought up to what the ledger says Stripe holds, with a
 * test charge on the card whose funds are available at once (4000 0000 0000 0077).
 */
export async function ensureDemoPlatformFunds(db: Database): Promise<void> {
  assertNoTransaction(db, "ensureDemoPlatformFunds");
  const e = env();
  if (e.stripeMode !== "emulator" || !e.demoMode) return;
  const currency = e.PLAZA_CURRENCY;
  const clearing = await findAccount(db, { kind: "stripe_clearing", currency });
  const held = clearing ? -(await getBalance(db, clearing.id)).amount : 0;
  const balance = await stripe().balance.retrieve();
  const available = balance.available.find((a) => a.currency === currency)?.amount ?? 0;
  const missing = held - available;
  if (missing <= 0) return;
  await stripe().paymentIntents.create(
    { amount: missing, currency, payment_method: "pm_card_bypassPending", confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: "never" }, description: DEMO_FUNDS_DESCRIPTION },
    { idempotencyKey: idempotencyKey("demo-platform-funds", currency, held, available) },
  );
}
