import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { env } from "@/lib/env";
import { int, queryRows, str } from "@/lib/ledger/sql-values";
import { z } from "zod";
import { validationError } from "@/lib/errors";
import { endOfDay, today } from "@/lib/settlement/days";
import { calendarDate } from "@/lib/validation/dates";
import { csvAmount, csvDocument } from "./csv";

export interface BalanceAsOf {
  accountId: number;
  ownerId: string;
  /** Organisation slug, or the member's email. */
  key: string;
  name: string;
  balance: number;
}

export interface BalancesReport {
  of: "members" | "organisations";
  asOf: Date;
  currency: string;
  rows: BalanceAsOf[];
  total: number;
}

/**
 * Balances at an instant, re-derived from the ledger entries created before it (not today's balance minus
 * something): the sum of each account's entries with created_at < asOf. Accounts whose balance then was zero
 * are left out. Organisations: their `organisation` account (money the platform holds for them).
 */
export async function balancesAsOf(db: Database, of: "members" | "organisations", asOf: Date, currency = env().PLAZA_CURRENCY): Promise<BalancesReport> {
  const at = asOf.toISOString();
  const rows = await queryRows(
    db,
    of === "organisations"
      ? sql`select a.id, o.id as owner, o.slug as key, o.name, b.balance::text as balance
            from ledger_accounts a
            join organisations o on o.id = a.owner_organisation_id
            join lateral (select coalesce(sum(e.amount), 0) as balance from ledger_entries e
                          where e.account_id = a.id and e.created_at < ${at}::timestamptz) b on true
            where a.kind = 'organisation' and a.currency = ${currency} and b.balance <> 0
            order by o.name, o.id`
      : sql`select a.id, u.id as owner, u.email as key, coalesce(u.name, u.email) as name, b.balance::text as balance
            from ledger_accounts a
            join users u on u.id = a.owner_user_id
            join lateral (select coalesce(sum(e.amount), 0) as balance from ledger_entries e
                          where e.account_id = a.id and e.created_at < ${at}::timestamptz) b on true
            where a.kind = 'member_wallet' and a.currency = ${currency} and b.balance <> 0
            order by u.email, u.id`,
  );
  const list = rows.map((r) => ({ accountId: int(r.id), ownerId: str(r.owner), key: str(r.key), name: str(r.name), balance: int(r.balance) }));
  return { of, asOf, currency, rows: list, total: list.reduce((s, r) => s + r.balance, 0) };
}

/** The report as CSV: one row per holder and a total row; dates ISO 8601, amounts in major units. */
export function balancesCsv(report: BalancesReport): string {
  const header = [report.of === "organisations" ? "Organisation" : "Member", report.of === "organisations" ? "Slug" : "Email", "As of", "Currency", "Balance"];
  const asOf = report.asOf.toISOString();
  const rows = report.rows.map((r) => [r.name, r.key, asOf, report.currency.toUpperCase(), csvAmount(r.balance, report.currency)]);
  rows.push(["Total", "", asOf, report.currency.toUpperCase(), csvAmount(report.total, report.currency)]);
  return csvDocument(header, rows);
}

/** `?of=members|organisations&asOf=YYYY-MM-DD` (the balance at the end of that day in PLAZA_TIME_ZONE; default today). */
export const balancesQuery = z.object({
  of: z.enum(["members", "organisations"], { error: "of must be members or organisations" }).default("organisations"),
  asOf: calendarDate("asOf must be a real date like 2026-11-30")
    .transform((d) => d.toISOString().slice(0, 10))
    .optional(),
});

export function parseBalancesQuery(params: URLSearchParams): { of: "members" | "organisations"; asOfDay: string; asOf: Date } {
  const parsed = balancesQuery.safeParse({ of: params.get("of") || undefined, asOf: params.get("asOf") || undefined });
  if (!parsed.success) throw validationError(parsed.error.issues);
  const asOfDay = parsed.data.asOf ?? today();
  return { of: parsed.data.of, asOfDay, asOf: endOfDay(asOfDay) };
}
