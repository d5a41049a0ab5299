import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { queryRows, type Row } from "./sql-values";

export class LedgerInvariantError extends Error {
  readonly violations: Record<string, Row[]>;
  constructor(violations: Record<string, Row[]>) {
    super(`ledger invariants violated:\n${JSON.stringify(violations, null, 2)}`);
    this.name = "LedgerInvariantError";
    this.violations = violations;
  }
}

/**
 * The ledger's invariants, checked from scratch over all rows (tests and audits; a full scan, not for the hot
 * path). Throws LedgerInvariantError listing up to 10 offenders per rule.
 */
const CHECKS: Record<string, ReturnType<typeof sql>> = {
  // Double entry: every transaction's entries sum to zero in each currency.
  unbalancedTransactions: sql`
    select transaction_id::text, currency, sum(amount)::text as sum from ledger_entries
    group by transaction_id, currency having sum(amount) <> 0 limit 10`,
  // A transaction moves money from somewhere to somewhere.
  transactionsWithFewerThanTwoEntries: sql`
    select t.id::text, count(e.id)::int as entries from ledger_transactions t
    left join ledger_entries e on e.transaction_id = t.id
    group by t.id having count(e.id) < 2 limit 10`,
  // The stored balance is the sum of the entries; versions are exactly 1..n.
  balanceOrVersionMismatch: sql`
    select a.id::text, a.balance::text, coalesce(s.total, 0)::text as entries_sum, a.version::text,
           coalesce(s.n, 0)::text as entries, s.min_v::text, s.max_v::text
    from ledger_accounts a
    left join (select account_id, sum(amount) as total, count(*) as n, min(account_version) as min_v,
                      max(account_version) as max_v
               from ledger_entries group by account_id) s on s.account_id = a.id
    where a.balance <> coalesce(s.total, 0) or a.version <> coalesce(s.n, 0)
       or (s.n > 0 and (s.min_v <> 1 or s.max_v <> s.n))
    limit 10`,
  // Each entry's balance_after is the previous one plus its amount, in version order (so the running balance on
  // statements is right), and the last one is the account's balance.
  runningBalanceBroken: sql`
    select account_id::text, account_version::text, balance_after::text, prev::text, amount::text from (
      select account_id, account_version, balance_after, amount,
             lag(balance_after, 1, 0::bigint) over (partition by account_id order by account_version) as prev
      from ledger_entries) x
    where prev + amount <> balance_after limit 10`,
  lastBalanceAfterMismatch: sql`
    select a.id::text, a.balance::text, l.balance_after::text from ledger_accounts a
    join lateral (select balance_after from ledger_entries e where e.account_id = a.id
                  order by account_version desc limit 1) l on true
    where l.balance_after <> a.balance limit 10`,
  // Overdraft rules hold for the stored balances.
  overdrawnAccounts: sql`
    select id::text, balance::text, overdraft_limit::text from ledger_accounts
    where not allow_negative and balance < -overdraft_limit limit 10`,
};

export async function checkLedgerInvariants(db: Database): Promise<void> {
  const violations: Record<string, Row[]> = {};
  for (const [name, query] of Object.entries(CHECKS)) {
    const rows = await queryRows(db, query);
    if (rows.length > 0) violations[name] = rows;
  }
  if (Object.keys(violations).length > 0) throw new LedgerInvariantError(violations);
}
