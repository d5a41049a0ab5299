import { formatPeriod, platformTimeZone } from "@/lib/dates";
import { organisationTitle } from "@/app/orgs/[slug]/title";
import { getDb } from "@/db/client";
import { guardPage } from "@/lib/auth/page-guard";
import { requireOrgRole } from "@/lib/auth";
import { holderSummaryByType, loadStatementPage } from "@/lib/statements/holder-statement";
import { effectiveStatementPeriod } from "@/lib/statements/period";
import { parseStatementQuery, type RawSearchParams } from "@/lib/statements/query";
import { StatementSection } from "@/components/statement/statement-section";
import { TypeSummaryTable } from "@/components/statement/type-summary-table";
import { ButtonLink } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";

export function generateMetadata({ params }: { params: Promise<{ slug: string }> }) {
  return organisationTitle(params, "Statement");
}

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
  const holder = { organisationId: organisation.id };
  const { from: summaryFrom, to: summaryTo } = summaryRange(q.range);
  const [{ page, cursorError }, summary, shownPeriod] = await Promise.all([
    loadStatementPage(db, holder, q),
    holderSummaryByType(db, holder, summaryFrom, summaryTo),
    effectiveStatementPeriod(db, holder, q.range),
  ]);
  const period = formatPeriod(summaryFrom, new Date(summaryTo.getTime() - DAY), { timeZone: "UTC" });
  return (
    <div className="space-y-6">
      <PageHeader
        title={`${organisation.name}: statement`}
        description={`Every movement in the organisation's balance with its running balance. Times are in ${platformTimeZone()}; days are UTC days.`}
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
          <TypeSummaryTable rows={summary} currency={page.closingBalance.currency} caption={`Totals by type, ${period}`} />
        )}
      </Card>
      <StatementSection
        basePath={`/orgs/${organisation.slug}/statement`}
        q={q}
        page={page}
        cursorError={cursorError}
        period={shownPeriod}
        caption={`${organisation.name} transactions, newest first`}
        downloads={[
          { label: "CSV", href: `/orgs/${organisation.slug}/statement.csv` },
          { label: "PDF", href: `/orgs/${organisation.slug}/statement.pdf` },
        ]}
      />
    </div>
  );
}
