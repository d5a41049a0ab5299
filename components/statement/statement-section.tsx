import Link from "next/link";
import type { StatementPeriod } from "@/lib/statements/period";
import type { ParsedStatementQuery } from "@/lib/statements/query";
import type { StatementPage } from "@/lib/statements/types";
import { StatementTable } from "./statement-table";
import { Alert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { Money } from "@/components/ui/money";
import { formatDate, formatPeriod } from "@/lib/dates";

const DAY = 86_400_000;
/** Statement days are UTC calendar days. */
const UTC_DAY = { timeZone: "UTC" } as const;

function query(params: Record<string, string | null | undefined>): string {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) out.set(k, v);
  const s = out.toString();
  return s ? `?${s}` : "";
}

/**
 * A statement: date range form, opening and closing balances, one keyset page of rows ("Newest" / "Older"),
 * and the downloads for the same range.
 */
export function StatementSection({
  basePath,
  q,
  page,
  cursorError,
  downloads,
  caption,
  period,
}: {
  basePath: string;
  q: ParsedStatementQuery;
  page: StatementPage;
  cursorError: boolean;
  downloads: { label: string; href: string }[];
  caption: string;
  /**
   * The days in force (effectiveStatementPeriod): the date inputs show them when no range is chosen, so they
   * never read "mm/dd/yyyy", and the caption names real days.
   */
  period?: StatementPeriod;
}) {
  const rangeQuery = { from: q.error ? null : q.fromText, to: q.error ? null : q.toText };
  const ranged = Boolean(rangeQuery.from || rangeQuery.to);
  const range = q.error ? {} : q.range;
  const lastDay = range.to ? new Date(range.to.getTime() - DAY) : undefined;
  const shown = period && !q.error ? { from: period.from ?? undefined, lastDay: period.lastDay } : { from: range.from, lastDay };
  const showing = period && !q.error && !shown.from ? `No transactions up to ${formatDate(period.lastDay, "day", UTC_DAY)}` : formatPeriod(shown.from, shown.lastDay, UTC_DAY);
  const inputDay = (d: Date | undefined) => (d ? formatDate(d, "iso-day", UTC_DAY) : "");
  const fromValue = q.error ? q.fromText : q.fromText || inputDay(shown.from ?? shown.lastDay);
  const toValue = q.error ? q.toText : q.toText || inputDay(shown.lastDay);
  return (
    <div className="space-y-6">
      <Card title="Period">
        <form key={`${fromValue}|${toValue}`} method="get" action={basePath} className="flex flex-col gap-3 sm:flex-row sm:items-end" aria-label="Statement period">
          <div className="space-y-1">
            <label htmlFor="statement-from" className="block text-sm font-medium text-slate-700">
              From
            </label>
            <input id="statement-from" name="from" type="date" defaultValue={fromValue} className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm" />
          </div>
          <div className="space-y-1">
            <label htmlFor="statement-to" className="block text-sm font-medium text-slate-700">
              To (inclusive)
            </label>
            <input id="statement-to" name="to" type="date" defaultValue={toValue} className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm" />
          </div>
          <div className="flex gap-2">
            <button type="submit" className={buttonClass("primary")}>
              Show
            </button>
            {ranged || q.error ? (
              <Link href={basePath} className={buttonClass("ghost")}>
                All dates
              </Link>
            ) : null}
          </div>
        </form>
        <p className="mt-3 text-sm text-slate-700" role="status" data-testid="statement-period">
          Showing: <span className="font-medium">{showing}</span>
          {ranged ? null : <span className="text-slate-500"> ({period ? "every transaction; " : ""}change the days to narrow it)</span>}
        </p>
        {q.error ? (
          <div className="mt-3">
            <Alert tone="error" testId="statement-range-error">
              {q.error} Showing all dates instead.
            </Alert>
          </div>
        ) : null}
        <dl className="mt-4 grid grid-cols-1 gap-4 border-t border-slate-100 pt-4 text-sm sm:grid-cols-3">
          <div>
            <dt className="text-slate-500">Opening balance{shown.from ? ` (${formatDate(shown.from, "day", UTC_DAY)})` : ""}</dt>
            <dd className="text-lg font-semibold" data-testid="opening-balance">
              <Money value={page.openingBalance} />
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">Closing balance{shown.lastDay ? ` (end of ${formatDate(shown.lastDay, "day", UTC_DAY)})` : ""}</dt>
            <dd className="text-lg font-semibold" data-testid="closing-balance">
              <Money value={page.closingBalance} />
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">Download this period</dt>
            <dd className="mt-1 flex flex-wrap gap-2">
              {downloads.map((d) => (
                <a key={d.label} href={`${d.href}${query(rangeQuery)}`} className={buttonClass("secondary", "px-3 py-1.5")} download>
                  {d.label}
                </a>
              ))}
            </dd>
          </div>
        </dl>
      </Card>

      <Card title="Transactions">
        {cursorError ? (
          <div className="mb-4">
            <Alert tone="warning">That page link is no longer valid, so you&apos;re seeing the newest transactions.</Alert>
          </div>
        ) : null}
        {page.rows.length === 0 ? (
          <EmptyState title={q.cursor ? "No older transactions" : ranged ? "No transactions in this period" : "No transactions yet"}>
            {ranged ? "Try a wider date range." : "Money in and out of this account shows here with the running balance."}
          </EmptyState>
        ) : (
          <StatementTable rows={page.rows} caption={caption} />
        )}
        <nav aria-label="Statement pages" className="mt-4 flex flex-wrap justify-between gap-2">
          {q.cursor ? (
            <Link href={`${basePath}${query(rangeQuery)}`} className={buttonClass("secondary")} data-testid="statement-newest">
              ← Newest
            </Link>
          ) : (
            <span />
          )}
          {page.nextCursor ? (
            <Link href={`${basePath}${query({ ...rangeQuery, cursor: page.nextCursor })}`} className={buttonClass("secondary")} data-testid="statement-older">
              Older →
            </Link>
          ) : null}
        </nav>
      </Card>
    </div>
  );
}
