/**
 * `npm run ledger:check`: checks the configured database's ledger (entries of every transaction sum to zero
 * per currency; every balance equals the sum of its entries; versions contiguous). Exit 1 with details if not.
 * With PGlite, stop the app first (one process may open the folder).
 */
import { openDatabase } from "@/db/client";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { env } from "@/lib/env";
import { sql } from "drizzle-orm";

const e = env();
const handle = await openDatabase({ url: e.DATABASE_URL, pgliteDir: e.PGLITE_DIR });
try {
  await checkLedgerInvariants(handle.db);
  const counts = await handle.db.execute(sql`select (select count(*) from ledger_transactions)::int as transactions, (select count(*) from ledger_entries)::int as entries, (select count(*) from ledger_accounts)::int as accounts`);
  console.log(`Ledger OK (${handle.driver}):`, counts.rows[0]);
} catch (err) {
  console.error("Ledger invariants FAILED:", err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  await handle.close();
}
