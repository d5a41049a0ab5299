import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { isAppError } from "@/lib/errors";
import { lastDayOfPreviousMonth } from "@/lib/settlement/days";
import { CATEGORY_LABELS, parseReconciliationQuery, reconcile, type Reconciliation, type ReconciliationPeriod } from "@/lib/reports/reconciliation";
import { AdminNav } from "@/components/admin/admin-nav";
import { Alert } from "@/components/ui/alert";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date";
import { FilterForm, FilterInput, FilterSubmit } from "@/components/ui/filter-form";
import { Money } from "@/components/ui/money";

export const metadata = { title: "Reconciliation" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ReconciliationPage({ searchParams }: { searchParams: SearchParams }) {
  await guardPage(requireRole("platform_admin"), "/admin/reconciliation");
  const sp = await searchParams;
  const params = new URLSearchParams();
  for (const k of ["from", "to"]) if (typeof sp[k] === "string" && sp[k]) params.set(k, String(sp[k]));
  let period: ReconciliationPeriod = { from: `${lastDayOfPreviousMonth().slice(0, 7)}-01`, to: lastDayOfPreviousMonth() };
  let error: string | null = null;
  let report: Reconciliation | null = null;
  try {
    period = parseReconciliationQuery(params);
    report = await reconcile(await getDb(), period);
  } catch (e) {
    if (!isAppError(e)) throw e;
    error = e.message;
  }
  const csv = `/api/admin/reconciliation.csv?${new URLSearchParams({ from: period.from, to: period.to })}`;
  return (
    <div className="space-y-6">
      <PageHeader title="Reconciliation" description="Plaza's Stripe-side ledger against the platform's Stripe balance transactions, for a period." />
      <AdminNav current="/admin/reconciliation" />
      <Card>
        {error ? <Alert tone="error">{error}</Alert> : null}
        <FilterForm label="Reconciliation period">
          <FilterInput id="recon-from" label="From" name="from" type="date" defaultValue={period.from} />
          <FilterInput id="recon-to" label="To" name="to" type="date" defaultValue={period.to} />
          <FilterSubmit>Reconcile</FilterSubmit>
          <a className="text-sm font-medium text-brand-700 hover:underline" href={csv} data-testid="reconciliation-csv">Download CSV</a>
        </FilterForm>
        <p className="mt-3 text-xs text-slate-600">
          Both days are included, in the platform&apos;s time zone. Amounts are in Stripe&apos;s sign: + money into the platform&apos;s Stripe balance, − money out.
        </p>
      </Card>
      {report ? <ReportView report={report} /> : null}
    </div>
  );
}

function ReportView({ report }: { report: Reconciliation }) {
  const differences = report.items.filter((i) => i.status !== "matched");
  return (
    <>
      {report.truncated ? <Alert tone="warning">Stripe had more balance transactions in this period than one reconciliation reads; reconcile a shorter period.</Alert> : null}
      <Card title="Totals">
        <p className="mb-3 text-sm text-slate-700" data-testid="reconciliation-summary">
          {report.counts.matched} matched, {report.counts.explained} explained, {report.counts.differences} {report.counts.differences === 1 ? "difference" : "differences"} ({report.counts.stripeTransactions} Stripe balance transactions, {report.counts.plazaTransactions} Plaza records).
        </p>
        <DataTable
          caption="Totals per category, Plaza against Stripe"
          testId="reconciliation-totals"
          minWidth={760}
          rows={report.totals.filter((t) => t.plaza !== 0 || t.stripe !== 0)}
          rowKey={(t) => t.category}
          rowAttributes={(t) => ({ "data-category": t.category })}
          columns={[
            { header: "Category", cell: (t) => CATEGORY_LABELS[t.category] },
            { header: "Plaza", cell: (t) => <Money value={{ amount: t.plaza, currency: report.currency }} />, align: "right", nowrap: true },
            { header: "Stripe", cell: (t) => <Money value={{ amount: t.stripe, currency: report.currency }} />, align: "right", nowrap: true },
            { header: "Explained", cell: (t) => <Money value={{ amount: t.explained, currency: report.currency }} />, align: "right", nowrap: true },
            { header: "Unexplained", cell: (t) => <Money value={{ amount: t.unexplained, currency: report.currency }} />, align: "right", nowrap: true, testId: "reconciliation-unexplained" },
          ]}
        />
      </Card>
      <Card title="Differences">
        {differences.length === 0 ? (
          <EmptyState title="Nothing to explain">
            {report.counts.matched === 0 ? "Neither Plaza nor Stripe has money movements in this period." : "Every Stripe balance transaction of the period matches Plaza's ledger."}
          </EmptyState>
        ) : (
          <DataTable
            caption="Differences and explained items, with their Stripe ids"
            testId="reconciliation-differences"
            minWidth={880}
            rows={differences}
            rowKey={(i) => `${i.category}:${i.key}`}
            rowAttributes={(i) => ({ "data-status": i.status, "data-key": i.key })}
            columns={[
              { header: "Date", cell: (i) => <DateTime value={i.date} />, nowrap: true },
              { header: "Category", cell: (i) => CATEGORY_LABELS[i.category] },
              { header: "Status", cell: (i) => (i.status === "difference" ? <Badge tone="red">Difference</Badge> : <Badge tone="blue">Explained</Badge>) },
              { header: "Stripe id", cell: (i) => <span className="font-mono text-xs">{i.key}</span> },
              { header: "Plaza", cell: (i) => <Money value={{ amount: i.plaza, currency: report.currency }} />, align: "right", nowrap: true },
              { header: "Stripe", cell: (i) => <Money value={{ amount: i.stripe, currency: report.currency }} />, align: "right", nowrap: true },
              { header: "Why", cell: (i) => <span className="text-xs">{i.note}{i.plazaReferences.length ? ` Plaza: ${i.plazaReferences.join(", ")}.` : ""}</span> },
            ]}
          />
        )}
      </Card>
      <Card title="What this compares, and its limits">
        <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
          <li>Charges, refunds and disputes are matched by their PaymentIntent, refund and dispute ids; settlement transfers by transfer id; payouts by payout id.</li>
          <li>Destination charges: Stripe transfers the sale to the seller and takes the application fee back. Plaza books the seller&apos;s share as connected sales, so those transfers (and their reversals on refunds and disputes) are compared with the seller&apos;s share Plaza booked for the same order, under &ldquo;Seller transfers&rdquo;.</li>
          <li>Direct charges (Standard accounts) happen on the seller&apos;s own Stripe account: Plaza books them, the platform balance has only the application fee. They are shown as explained.</li>
          <li>Stripe&apos;s processing fees are not booked in Plaza&apos;s ledger (only dispute fees are): they are shown as explained.</li>
          <li>Payouts are not booked in the ledger; Plaza&apos;s side is the payout events Stripe sent to the webhook inbox.</li>
          <li>Matching is within the period: an item booked just before midnight on one side and just after on the other shows as a difference in both periods.</li>
        </ul>
      </Card>
    </>
  );
}
