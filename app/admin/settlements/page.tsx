import Link from "next/link";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { lastDayOfPreviousMonth } from "@/lib/settlement/days";
import { listSettlements } from "@/lib/settlement/settlements";
import { AdminNav } from "@/components/admin/admin-nav";
import { ProposeSettlementForm } from "@/components/admin/settlement-forms";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date";
import { Money } from "@/components/ui/money";

export const metadata = { title: "Settlements" };

export default async function SettlementsPage() {
  await guardPage(requireRole("platform_admin"), "/admin/settlements");
  const rows = await listSettlements(await getDb());
  return (
    <div className="space-y-6">
      <PageHeader title="Settlements" description="Pay organisations the money Plaza holds for them, above their minimum float, less the settlement fee." />
      <AdminNav current="/admin/settlements" />
      <Card title="New settlement">
        <ProposeSettlementForm defaultDate={lastDayOfPreviousMonth()} />
        <p className="mt-3 text-xs text-slate-500">
          Each line: the balance at the end of the reference date (from the ledger), less the organisation&apos;s minimum float, less the settlement fee in force that day (its
          override, else the platform default; basis points, rounded half-up). Organisations that can receive Stripe transfers are paid by transfer; the others are listed in a
          bank CSV. Nothing is paid until you review and confirm.
        </p>
      </Card>
      <Card title="History">
        {rows.length === 0 ? (
          <EmptyState title="No settlements yet">Prepare the first one above.</EmptyState>
        ) : (
          <DataTable
            caption="Settlement history"
            testId="settlement-history"
            rows={rows}
            rowKey={(s) => s.id}
            columns={[
              { header: "Reference date", cell: (s) => <Link className="font-medium text-brand-700 hover:underline" href={`/admin/settlements/${s.id}`}>{s.referenceDate}</Link>, nowrap: true },
              { header: "Status", cell: (s) => <Badge tone={s.status === "confirmed" ? "green" : s.status === "proposed" ? "blue" : "slate"}>{s.status}</Badge> },
              { header: "Lines", cell: (s) => s.lines, align: "right" },
              { header: "Amount", cell: (s) => <Money value={{ amount: s.amount, currency: s.currency }} />, align: "right" },
              { header: "Paid / failed", cell: (s) => `${s.paid} / ${s.failed}`, align: "right", nowrap: true },
              { header: "Confirmed", cell: (s) => <DateTime value={s.confirmedAt} />, nowrap: true },
            ]}
          />
        )}
      </Card>
    </div>
  );
}
