import { getDb } from "@/db/client";
import { guardPage } from "@/lib/auth/page-guard";
import { requireOrgRole } from "@/lib/auth";
import { organisationSummaryByType } from "@/lib/ledger/statement";
import { TRANSACTION_TYPE_LABELS } from "@/lib/ledger/labels";
import { formatMoney } from "@/lib/money";
import { organisationAccount } from "@/lib/wallet/accounts";
import { loadStatementPage, parseStatementQuery, StatementSection, type RawSearchParams } from "@/components/statement/statement-section";
import { ButtonLink } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";

export const metadata = { title: "Organisation statement" };

const DAY = 86_400_000;

/** The summary covers the chosen range, or the last 30 days (UTC, through today) when none is chosen. */
function summaryRange(range: { from?: Date; to?: Date }): { from: Date; to: Date } {
  const to = range.to ?? new Date(Math.floor(Date.now() / DAY) * DAY + DAY);
  return { from: range.from ?? new Date(to.getTime() - 30 * DAY), to };
}

export default async function OrganisationStatementPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<RawSearchParams> }) {
  const { slug } = await params;
  const { organisation } = await guardPage(requireOrgRole(slug), `/orgs/${slug}/statement`);
  const q = parseStatementQuery(await searchParams);
  const db = await getDb();
  const account = await organisationAccount(db, organisation.id);
  const { from: summaryFrom, to: summaryTo } = summaryRange(q.range);
  const [{ page, cursorError }, summary] = await Promise.all([loadStatementPage(db, account.id, q), organisationSummaryByType(db, account.id, summaryFrom, summaryTo)]);
  const currency = page.closingBalance.currency;
  const fmt = (amount: number) => formatMoney({ amount, currency });
  const period = `${summaryFrom.toISOString().slice(0, 10)} to ${new Date(summaryTo.getTime() - DAY).toISOString().slice(0, 10)}`;
  return (
    <div className="space-y-6">
      <PageHeader
        title={`${organisation.name}: statement`}
        description="Every movement in the organisation's balance with its running balance. Dates are in UTC."
        actions={
          <ButtonLink href={`/orgs/${organisation.slug}`} variant="secondary">
            Back to {organisation.name}
          </ButtonLink>
        }
      />
      <Card title={`Summary by type, ${period}`}>
        {summary.length === 0 ? (
          <EmptyState title="No transactions in this period" />
        ) : (
          <div className="-mx-5 overflow-x-auto px-5">
            <table className="w-full min-w-[520px] text-left text-sm" data-testid="org-summary">
              <thead className="text-xs uppercase text-slate-500">
                <tr>
                  <th scope="col" className="py-2 pr-3 font-medium">Type</th>
                  <th scope="col" className="py-2 pr-3 text-right font-medium">Count</th>
                  <th scope="col" className="py-2 pr-3 text-right font-medium">In</th>
                  <th scope="col" className="py-2 pr-3 text-right font-medium">Out</th>
                  <th scope="col" className="py-2 text-right font-medium">Net</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {summary.map((s) => (
                  <tr key={s.type} data-testid="org-summary-row">
                    <td className="py-2 pr-3">{TRANSACTION_TYPE_LABELS[s.type]}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{s.count}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{fmt(s.credits)}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{fmt(s.debits)}</td>
                    <td className="py-2 text-right font-medium tabular-nums">{fmt(s.net)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <StatementSection
        basePath={`/orgs/${organisation.slug}/statement`}
        q={q}
        page={page}
        cursorError={cursorError}
        caption={`${organisation.name} transactions, newest first`}
        downloads={[{ label: "CSV", href: `/orgs/${organisation.slug}/statement.csv` }]}
      />
    </div>
  );
}
