import type { LedgerTransactionType } from "@/db/schema";
import type { Money } from "@/lib/money";

/** One statement line as people read it: the ledger row with its counterparty named. */
export interface StatementRow {
  entryId: number;
  transactionId: number;
  date: Date;
  /** The other side: the member's name (or email), the organisation's name, or a label like "Card payments". */
  counterparty: string | null;
  reference: string;
  type: LedgerTransactionType;
  description: string;
  amount: number;
  currency: string;
  /** Running balance of the account after this row. */
  balance: number;
}

export interface StatementPage {
  /** Newest first. */
  rows: StatementRow[];
  nextCursor: string | null;
  /** Balance before `from` (0 without `from`) and at `to` (now without `to`). */
  openingBalance: Money;
  closingBalance: Money;
}

export interface StatementBalances {
  openingBalance: Money;
  closingBalance: Money;
}

/** Totals of one transaction type over a period, in minor units of the account's currency. */
export interface TypeSummaryRow {
  type: LedgerTransactionType;
  count: number;
  /** Money in. */
  credits: number;
  /** Money out, as a positive number. */
  debits: number;
  net: number;
}
