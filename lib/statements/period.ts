import "server-only";
import type { Database } from "@/db/client";
import { streamStatementBatches } from "@/lib/ledger/statement";
import { findHolderAccount, type StatementHolder } from "./holder";
import type { DateRange } from "./query";

const DAY = 86_400_000;

/** The days a statement covers, as a page shows them and its PDF states them (UTC days). */
export interface StatementPeriod {
  /** The chosen start, else the day of the first transaction in range; null when there is none. */
  from: Date | null;
  /** The last day covered: the chosen end, else today. */
  lastDay: Date;
}

function utcDay(d: Date): Date {
  return new Date(Math.floor(d.getTime() / DAY) * DAY);
}

/**
 * The period in force for a range that may leave out its start or its end, so date inputs and captions show
 * real days (never an empty "mm/dd/yyyy" or "opening"): the same rule as the statement PDF's period.
 */
export async function effectiveStatementPeriod(db: Database, holder: StatementHolder, range: DateRange, now = new Date()): Promise<StatementPeriod> {
  const lastDay = range.to ? new Date(range.to.getTime() - DAY) : utcDay(now);
  if (range.from) return { from: range.from, lastDay };
  const account = await findHolderAccount(db, holder);
  if (!account) return { from: null, lastDay };
  for await (const batch of streamStatementBatches(db, { accountId: account.id, to: range.to, batchSize: 1 })) {
    return { from: batch[0] ? utcDay(batch[0].date) : null, lastDay };
  }
  return { from: null, lastDay };
}
