import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { isAppError } from "@/lib/errors";
import { balancesAsOf, parseBalancesQuery } from "@/lib/reports/balances";
import { today } from "@/lib/settlement/days";
import { AdminNav } from "@/components/admin/admin-nav";
import { Alert } from "@/components/ui/alert";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Money } from "@/components/ui/money";

export const metadata = { title: "Balances" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function BalancesPage({ searchParams }: { searchParams: SearchParams }) {
  await guardPage(requireRole("platform_admin"), "/admin/balances");
  const sp = await searchParams;
  const params = new URLSearchParams();
  for (const k of ["of", "asOf"]) if (typeof sp[k] === "string" && sp[k]) params.set(k, String(sp[k]));
  let error: string | null = null;
  let q;
  try {
    q = parseBalancesQuery(params);
  } catch (e) {
    if (!isAppError(e)) throw e;
    error = e.message;
    q = parseBalancesQuery(new URLSearchParams());
  }
  const report = await balancesAsOf(await getDb(), q.of, q.asOf);
  const csvHref = `/api/admin/balances.csv?of=${q.of}&asOf=${q.asOfDay}`;
  return (
    <div className="space-y-6">
      <PageHeader title="Balances" description="Members and organisations with a balance at the end of any day, re-derived from the ledger entries." />
      <AdminNav current="/admin/balances" />
      <Card>
        {error ? <Alert tone="error">{error}</Alert> : null}
        <form method="get" className="flex flex-wrap items-end gap-3" aria-label="Balances as of a date">
          <div className="space-y-1">
            <label htmlFor="balances-of" className="block text-sm font-medium text-slate-700">Holders</label>
            <select id="balances-of" name="of" defaultValue={q.of} className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
              <option value="organisations">Organisations</option>
              <option value="members">Members</option>
            </select>
          </div>
          <div className="space-y-1">
            <label htmlFor="balances-as-of" className="block text-sm font-medium text-slate-700">As of the end of</label>
            <input id="balances-as-of" name="asOf" type="date" max={today()} defaultValue={q.asOfDay} className="rounded-md border border-slate-300 px-3 py-2 text-sm" />
          </div>
          <button type="submit" className="rounded-md bg-slate-100 px-3 py-2 text-sm font-medium text-slate-900 hover:bg-slate-200">Show</button>
          <a className="text-sm font-medium text-brand-700 hover:underline" href={csvHref}>Download CSV</a>
        </form>
      </Card>
      <Card title={`${q.of === "organisations" ? "Organisations" : "Members"} with a balance at the end of ${q.asOfDay}`}>
        {report.rows.length === 0 ? (
          <EmptyState title="No balances">Nobody held money on that day.</EmptyState>
        ) : (
          <>
            <DataTable
              caption="Balances"
              testId="balances-table"
              rows={report.rows}
              rowKey={(r) => r.accountId}
              columns={[
                { header: q.of === "organisations" ? "Organisation" : "Member", cell: (r) => r.name },
                { header: q.of === "organisations" ? "Slug" : "Email", cell: (r) => r.key },
                { header: "Balance", cell: (r) => <Money value={{ amount: r.balance, currency: report.currency }} />, align: "right" },
              ]}
            />
            <p className="mt-3 text-right text-sm font-semibold" data-testid="balances-total">
              Total <Money value={{ amount: report.total, currency: report.currency }} />
            </p>
          </>
        )}
      </Card>
    </div>
  );
}
