import "server-only";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { Database } from "@/db/client";

/**
 * The one rule for Stripe calls: never inside a database transaction. A transaction may hold row locks
 * (ledger accounts, a claimed webhook event), and a slow or retried Stripe request would hold them too. So
 * every function here that calls Stripe takes the database itself, reads from Stripe first, and then writes
 * in one short transaction of its own. Passing a transaction is a programming error, refused at once.
 */
export function assertNoTransaction(db: Database, what: string): void {
  if (db instanceof PgTransaction) throw new Error(`${what} calls Stripe and must not run inside a database transaction`);
}
