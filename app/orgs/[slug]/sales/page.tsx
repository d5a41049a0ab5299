import Link from "next/link";
import { organisationTitle } from "@/app/orgs/[slug]/title";
import { getDb } from "@/db/client";
import { ORG_MANAGERS, requireOrgRole } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { formatPeriod } from "@/lib/dates";
import { isAppError } from "@/lib/errors";
import { openDisputesCount } from "@/lib/marketplace/disputes";
import { ordersFilterOf, parseQuery, salesQuery, salesRange, salesSummary, sellerCurrency, sellerOrdersPage, sellerOrdersQuery, topListings } from "@/lib/marketplace/sales";
import { SalesFilters, SalesOrdersTable, SalesTotalsGrid, TopListingsTable } from "@/components/sales/sales-parts";
import { SalesChart } from "@/components/sales/sales-chart";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";

export function generateMetadata({ params }: { params: Promise<{ slug: string }> }) {
  return organisationTitle(params, "Sales");
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const DAY = 86_400_000;
const KEYS = ["from", "to", "interval", "status", "kind", "cursor"] as const;

/** The seller's sales dashboard: chart, totals, top listings and orders for a date range (owners and admins). */
export default async function SalesPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: SearchParams }) {
  const { slug } = await params;
  const { organisation } = await guardPage(requireOrgRole(slug, ORG_MANAGERS), `/orgs/${slug}/sales`);
  const sp = await searchParams;
  const raw = new URLSearchParams();
  for (const k of KEYS) {
    const v = sp[k];
    const one = Array.isArray(v) ? v[0] : v;
    if (one) raw.set(k, one.trim());
  }
  const db = await getDb();
  let error: string | null = null;
  let sq: ReturnType<typeof salesQuery.parse> = { interval: "day" };
  let oq: ReturnType<typeof sellerOrdersQuery.parse> = {};
  try {
    sq = parseQuery(salesQuery, new URLSearchParams([...raw].filter(([k]) => k === "from" || k === "to" || k === "interval")));
    oq = parseQuery(sellerOrdersQuery, new URLSearchParams([...raw].filter(([k]) => k !== "interval")));
    salesRange(sq);
  } catch (e) {
    if (!isAppError(e)) throw e;
    error = e.message.replace(/^from: /, "Start date: ").replace(/^to: /, "End date: ");
    sq = { interval: "day" };
    oq = {};
  }
  const range = salesRange(sq);
  const currency = await sellerCurrency(db, organisation.id);
  // The orders list covers the same days as the totals (created in the range) unless the query narrows it.
  const filter = ordersFilterOf({ ...oq, from: oq.from ?? range.from, to: oq.to ?? new Date(range.to.getTime() - DAY) });
  const [openDisputes, summary, top, ordersResult] = await Promise.all([
    openDisputesCount(db, organisation.id),
    salesSummary(db, organisation.id, { range, interval: sq.interval, currency }),
    topListings(db, organisation.id, { range, currency }),
    sellerOrdersPage(db, organisation.id, filter, { cursor: oq.cursor }).then(
      (p) => ({ page: p, cursorError: false }),
      async (e: unknown) => {
        if (isAppError(e) && e.param === "cursor") return { page: await sellerOrdersPage(db, organisation.id, filter), cursorError: true };
        throw e;
      },
    ),
  ]);
  const { page, cursorError } = ordersResult;
  const period = formatPeriod(range.from, new Date(range.to.getTime() - DAY), { timeZone: "UTC" });
  const base = `/orgs/${organisation.slug}/sales`;
  const keep = new URLSearchParams([...raw].filter(([k]) => k !== "cursor"));
  const csvParams = new URLSearchParams([...keep].filter(([k]) => k !== "interval"));
  if (!csvParams.has("from")) csvParams.set("from", range.from.toISOString().slice(0, 10));
  if (!csvParams.has("to")) csvParams.set("to", new Date(range.to.getTime() - DAY).toISOString().slice(0, 10));
  const nextHref = page.nextCursor ? `${base}?${new URLSearchParams([...keep, ["cursor", page.nextCursor]])}` : null;

  return (
    <div className="space-y-6">
      <PageHeader
        title={`${organisation.name}: sales`}
        description={`Card and wallet sales, fees and refunds, ${period} (UTC days).`}
        actions={
          <ButtonLink href={`/orgs/${organisation.slug}`} variant="secondary">
            Back to {organisation.name}
          </ButtonLink>
        }
      />
      {error ? (
        <Alert tone="error" title="Check the filters" testId="sales-error">
          {error} Showing the last 60 days instead.
        </Alert>
      ) : null}
      <Card>
        <SalesFilters action={base} values={{ from: raw.get("from") ?? "", to: raw.get("to") ?? "", interval: sq.interval, status: oq.status ?? "", kind: oq.kind ?? "" }} />
      </Card>
      <SalesTotalsGrid totals={summary.totals} currency={currency} />
      <Card title={`Sales per ${sq.interval}`}>
        {summary.totals.orders === 0 ? <EmptyState title="No sales in this period">Paid orders show here by the day they were paid.</EmptyState> : <SalesChart series={summary.series} currency={currency} interval={sq.interval} />}
      </Card>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <Card title="Top listings" className="lg:col-span-2">
          {top.length === 0 ? <EmptyState title="Nothing sold in this period" /> : <TopListingsTable rows={top} currency={currency} />}
        </Card>
        <Card title="Disputes and refunds">
          <div data-testid="sales-disputes-slot" className="space-y-2 text-sm text-slate-700">
            {openDisputes > 0 ? (
              <Alert tone="warning">
                {openDisputes === 1 ? "1 open dispute needs an answer before its evidence deadline." : `${openDisputes} open disputes need answers before their evidence deadlines.`}
              </Alert>
            ) : (
              <p>No open disputes.</p>
            )}
            <p>Refunds in this period are in the totals above and on each order below.</p>
            <Link href={`/orgs/${organisation.slug}/disputes`} className="font-medium text-brand-700 hover:underline">
              Disputes and refunds →
            </Link>
          </div>
        </Card>
      </div>
      <Card
        title="Orders"
        actions={
          <a href={`/api/orgs/${organisation.slug}/orders.csv?${csvParams}`} className="text-sm font-medium text-brand-700 hover:underline" data-testid="sales-csv" download>
            Download CSV
          </a>
        }
      >
        {cursorError ? (
          <div className="mb-3">
            <Alert tone="warning">That page link is no longer valid; showing the newest orders.</Alert>
          </div>
        ) : null}
        {page.rows.length === 0 ? (
          <EmptyState title="No orders match">Change the dates or filters above.</EmptyState>
        ) : (
          <SalesOrdersTable rows={page.rows} />
        )}
        <div className="mt-4 flex gap-3 text-sm">
          {oq.cursor ? (
            <Link href={`${base}${keep.size ? `?${keep}` : ""}`} className="font-medium text-brand-700 hover:underline">
              Newest
            </Link>
          ) : null}
          {nextHref ? (
            <Link href={nextHref} className="font-medium text-brand-700 hover:underline" data-testid="sales-orders-next">
              Older orders →
            </Link>
          ) : null}
        </div>
      </Card>
    </div>
  );
}
