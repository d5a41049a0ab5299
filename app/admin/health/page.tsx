import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { paymentHealth } from "@/lib/reports/health";
import { TRANSACTION_TYPE_LABELS } from "@/lib/statements/labels";
import { isTransactionTypeName } from "@/lib/reports/transactions";
import { AdminNav } from "@/components/admin/admin-nav";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date";
import { Money } from "@/components/ui/money";

export const metadata = { title: "Payment health" };

export default async function HealthPage() {
  await guardPage(requireRole("platform_admin"), "/admin/health");
  const h = await paymentHealth(await getDb());
  const stuck = [...h.stuckTopUps.map((t) => ({ ...t, kind: "Top-up" })), ...h.stuckOrders.map((o) => ({ ...o, kind: "Order" }))];
  return (
    <div className="space-y-6">
      <PageHeader title="Payment health" description="What needs a look: stuck payments, webhook failures and lag, holds about to lapse, failed payouts." />
      <AdminNav current="/admin/health" />
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-4">
        <Card title="Stuck payments"><p className="text-2xl font-bold" data-testid="health-stuck">{stuck.length}</p></Card>
        <Card title="Webhooks waiting"><p className="text-2xl font-bold">{h.webhooks.pending}</p></Card>
        <Card title="Webhooks failing"><p className="text-2xl font-bold">{h.webhooks.failing}</p></Card>
        <Card title="Inbox lag"><p className="text-2xl font-bold">{h.webhooks.lagSeconds} s</p></Card>
      </div>
      <Card title="Awaiting payment although Stripe's session completed (or pending over 15 minutes)">
        {stuck.length === 0 ? <EmptyState title="Nothing stuck" /> : (
          <DataTable caption="Stuck payments" rows={stuck} rowKey={(r) => r.id} columns={[
            { header: "Kind", cell: (r) => r.kind },
            { header: "Id", cell: (r) => <span className="font-mono text-xs">{r.id}</span> },
            { header: "Amount", cell: (r) => <Money value={{ amount: r.amount, currency: r.currency }} />, align: "right" },
            { header: "Session", cell: (r) => `${r.sessionId ?? "—"} (${r.sessionStatus ?? "no session"})` },
            { header: "Since", cell: (r) => <DateTime value={r.createdAt} />, nowrap: true },
          ]} />
        )}
      </Card>
      <Card title="Webhook failures">
        {h.webhooks.failures.length === 0 ? <EmptyState title="No failing events" /> : (
          <DataTable caption="Failing webhook events" rows={h.webhooks.failures} rowKey={(r) => r.id} columns={[
            { header: "Event", cell: (r) => <span className="font-mono text-xs">{r.id}</span> },
            { header: "Type", cell: (r) => r.type },
            { header: "Attempts", cell: (r) => r.attempts, align: "right" },
            { header: "Error", cell: (r) => r.lastError ?? "" },
          ]} />
        )}
      </Card>
      <Card title="Authorisations near expiry">
        {h.authorisationsNearExpiry.length === 0 ? <EmptyState title="None within 2 days of lapsing" /> : (
          <DataTable caption="Authorisations near expiry" rows={h.authorisationsNearExpiry} rowKey={(r) => r.id} columns={[
            { header: "Order", cell: (r) => <span className="font-mono text-xs">{r.id}</span> },
            { header: "Amount", cell: (r) => <Money value={{ amount: r.amount, currency: r.currency }} />, align: "right" },
            { header: "Lapses", cell: (r) => <DateTime value={r.expiresAt} />, nowrap: true },
          ]} />
        )}
      </Card>
      <Card title="Failed payouts">
        {h.failedPayouts.length === 0 ? <EmptyState title="No failed payouts" /> : (
          <DataTable caption="Failed payouts" rows={h.failedPayouts} rowKey={(r) => r.id} columns={[
            { header: "Payout", cell: (r) => <span className="font-mono text-xs">{r.id}</span> },
            { header: "Account", cell: (r) => r.account ?? "platform" },
            { header: "Amount", cell: (r) => <Money value={{ amount: r.amount, currency: r.currency }} />, align: "right" },
            { header: "Reason", cell: (r) => r.failureCode ?? "" },
          ]} />
        )}
      </Card>
      <Card title="Last 30 days by day and type">
        {h.stats.length === 0 ? <EmptyState title="No transactions in the last 30 days" /> : (
          <DataTable caption="Volume and counts by day and type" rows={h.stats} rowKey={(r) => `${r.day}-${r.type}`} columns={[
            { header: "Day (UTC)", cell: (r) => r.day, nowrap: true },
            { header: "Type", cell: (r) => (isTransactionTypeName(r.type) ? TRANSACTION_TYPE_LABELS[r.type] : r.type) },
            { header: "Count", cell: (r) => r.count, align: "right" },
            { header: "Volume", cell: (r) => <Money value={{ amount: r.volume, currency: "usd" }} />, align: "right" },
          ]} />
        )}
      </Card>
    </div>
  );
}
