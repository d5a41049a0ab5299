import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { env } from "@/lib/env";
import { listTransactions } from "@/lib/reports/transactions";
import { AdminNav } from "@/components/admin/admin-nav";
import { AdjustmentForm } from "@/components/admin/adjustment-form";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date";
import { Money } from "@/components/ui/money";

export const metadata = { title: "Adjustments" };

export default async function AdjustmentsPage() {
  await guardPage(requireRole("platform_admin"), "/admin/adjustments");
  const recent = await listTransactions(await getDb(), { type: "manual_adjustment" }, 20);
  return (
    <div className="space-y-6">
      <PageHeader title="Adjustments" description="Correct a member's wallet or an organisation's balance, with a reason they see on their statement." />
      <AdminNav current="/admin/adjustments" />
      <Card title="New adjustment">
        <AdjustmentForm currency={env().PLAZA_CURRENCY} requestId={crypto.randomUUID()} />
      </Card>
      <Card title="Recent adjustments">
        {recent.rows.length === 0 ? (
          <EmptyState title="No adjustments yet" />
        ) : (
          <DataTable
            caption="Recent adjustments"
            rows={recent.rows}
            rowKey={(r) => r.id}
            columns={[
              { header: "Date", cell: (r) => <DateTime value={r.createdAt} />, nowrap: true },
              { header: "Reference", cell: (r) => r.reference, nowrap: true },
              { header: "Reason", cell: (r) => r.description },
              { header: "Amount", cell: (r) => <Money value={{ amount: r.amount, currency: r.currency }} />, align: "right" },
            ]}
          />
        )}
      </Card>
    </div>
  );
}
