import Link from "next/link";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { isAppError } from "@/lib/errors";
import { listTransactions, parseTransactionsQuery, TRANSACTION_TYPES, type TransactionsFilter } from "@/lib/reports/transactions";
import { TRANSACTION_TYPE_LABELS } from "@/lib/statements/labels";
import { AdminNav } from "@/components/admin/admin-nav";
import { Alert } from "@/components/ui/alert";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date";
import { FilterForm, FilterInput, FilterSubmit } from "@/components/ui/filter-form";
import { Money } from "@/components/ui/money";

export const metadata = { title: "Transactions" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function TransactionsPage({ searchParams }: { searchParams: SearchParams }) {
  await guardPage(requireRole("platform_admin"), "/admin/transactions");
  const sp = await searchParams;
  const params = new URLSearchParams();
  for (const k of ["type", "from", "to", "cursor"]) if (typeof sp[k] === "string" && sp[k]) params.set(k, String(sp[k]));
  let f: TransactionsFilter = {};
  let error: string | null = null;
  try {
    f = parseTransactionsQuery(params);
  } catch (e) {
    if (!isAppError(e)) throw e;
    error = e.message;
  }
  const page = await listTransactions(await getDb(), f);
  const keep = new URLSearchParams(Object.entries({ type: f.type, from: f.from, to: f.to }).filter((e): e is [string, string] => Boolean(e[1])));
  const next = page.nextCursor ? `/admin/transactions?${new URLSearchParams([...keep.entries(), ["cursor", page.nextCursor]])}` : null;
  return (
    <div className="space-y-6">
      <PageHeader title="Transactions" description="Every ledger transaction, by type and date range." />
      <AdminNav current="/admin/transactions" />
      <Card>
        {error ? <Alert tone="error">{error}</Alert> : null}
        <FilterForm label="Filter transactions">
          <div className="space-y-1">
            <label htmlFor="tx-type" className="block text-sm font-medium text-slate-700">Type</label>
            <select id="tx-type" name="type" defaultValue={f.type ?? ""} className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
              <option value="">All types</option>
              {TRANSACTION_TYPES.map((t) => (
                <option key={t} value={t}>{TRANSACTION_TYPE_LABELS[t]}</option>
              ))}
            </select>
          </div>
          <FilterInput id="tx-from" label="From" name="from" type="date" defaultValue={f.from} />
          <FilterInput id="tx-to" label="To" name="to" type="date" defaultValue={f.to} />
          <FilterSubmit>Show</FilterSubmit>
          <a className="text-sm font-medium text-brand-700 hover:underline" href={`/api/admin/transactions.csv?${keep}`}>Download CSV</a>
        </FilterForm>
      </Card>
      <Card>
        {page.rows.length === 0 ? (
          <EmptyState title="No transactions">Nothing matches these filters.</EmptyState>
        ) : (
          <DataTable
            caption="Ledger transactions"
            testId="transactions-table"
            minWidth={760}
            rows={page.rows}
            rowKey={(r) => r.id}
            columns={[
              { header: "Date", cell: (r) => <DateTime value={r.createdAt} />, nowrap: true },
              { header: "Reference", cell: (r) => r.reference, nowrap: true },
              { header: "Type", cell: (r) => TRANSACTION_TYPE_LABELS[r.type] },
              { header: "Description", cell: (r) => r.description },
              { header: "Amount", cell: (r) => <Money value={{ amount: r.amount, currency: r.currency }} />, align: "right" },
            ]}
          />
        )}
        {next ? (
          <p className="mt-3 text-right">
            <Link className="text-sm font-medium text-brand-700 hover:underline" href={next}>Older →</Link>
          </p>
        ) : null}
      </Card>
    </div>
  );
}
