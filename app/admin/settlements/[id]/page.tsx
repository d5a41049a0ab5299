import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { getSettlement } from "@/lib/settlement/settlements";
import { AdminNav } from "@/components/admin/admin-nav";
import { RetryLineForm, SettlementConfirmForm } from "@/components/admin/settlement-forms";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date";
import { Money } from "@/components/ui/money";

export const metadata = { title: "Settlement" };

const TONE = { proposed: "blue", dropped: "slate", processing: "amber", paid: "green", failed: "red" } as const;

export default async function SettlementPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await guardPage(requireRole("platform_admin"), `/admin/settlements/${id}`);
  const s = await getSettlement(await getDb(), id);
  if (!s) notFound();
  const money = (amount: number) => <Money value={{ amount, currency: s.currency }} />;
  const proposed = s.lines.filter((l) => l.status === "proposed");
  return (
    <div className="space-y-6">
      <PageHeader
        title={`Settlement for ${s.referenceDate}`}
        description={`Balances at the end of ${s.referenceDate} (${s.asOf}). Status: ${s.status}.`}
        actions={<Link className="text-sm font-medium text-brand-700 hover:underline" href="/admin/settlements">All settlements</Link>}
      />
      <AdminNav current="/admin/settlements" />
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-4">
        <Card title="Status"><p className="text-lg font-semibold" data-testid="settlement-status">{s.status}</p></Card>
        <Card title="Organisations"><p className="text-lg font-semibold">{s.totals.lines}</p></Card>
        <Card title="Fees"><p className="text-lg font-semibold">{money(s.totals.fee)}</p></Card>
        <Card title="Amount"><p className="text-lg font-semibold" data-testid="settlement-total">{money(s.totals.amount)}</p></Card>
      </div>
      {s.status === "proposed" ? (
        <Card title="Proposal">
          {proposed.length === 0 ? (
            <EmptyState title="Nothing to settle">No organisation held more than its minimum float at the end of {s.referenceDate}.</EmptyState>
          ) : (
            <SettlementConfirmForm settlementId={s.id} currency={s.currency} lines={proposed.map((l) => ({ orgSlug: l.orgSlug, orgName: l.orgName, balance: l.balance, float: l.float, fee: l.fee, amount: l.amount, method: l.method }))} />
          )}
        </Card>
      ) : (
        <Card title="Lines" actions={<a className="text-sm font-medium text-brand-700 hover:underline" href={`/api/admin/settlements/${s.id}/bank.csv`}>Bank CSV</a>}>
          <p className="mb-3 text-sm text-slate-700" data-testid="settlement-outcome" role="status">
            {s.status === "confirmed" ? `Confirmed: ${s.totals.paid} paid, ${s.totals.failed} failed${s.totals.failed ? " (the reason is on each line; retry it when the cause is fixed)" : ""}. Confirming again pays nothing more.` : "Cancelled."}
          </p>
          <DataTable
            caption="Settlement lines and their outcome"
            testId="settlement-lines"
            minWidth={880}
            rows={s.lines}
            rowKey={(l) => l.id}
            rowAttributes={(l) => ({ "data-testid": `settlement-line-${l.orgSlug}`, "data-status": l.status })}
            columns={[
              { header: "Organisation", cell: (l) => l.orgName },
              { header: "Balance", cell: (l) => money(l.balance), align: "right" },
              { header: "Float", cell: (l) => money(l.float), align: "right" },
              { header: "Fee", cell: (l) => money(l.fee), align: "right" },
              { header: "Amount", cell: (l) => money(l.amount), align: "right", testId: "line-amount" },
              { header: "Paid by", cell: (l) => (l.method === "stripe_transfer" ? "Stripe transfer" : "Bank payment"), nowrap: true, testId: "line-method" },
              { header: "Outcome", cell: (l) => <Badge tone={TONE[l.status]}>{l.status}</Badge>, testId: "line-status" },
              {
                header: "Details",
                cell: (l) =>
                  l.status === "failed" ? (
                    <div className="space-y-1">
                      <p className="text-xs text-red-700">{l.failureMessage}</p>
                      <RetryLineForm settlementId={s.id} lineId={l.id} orgName={l.orgName} amount={l.amount} currency={s.currency} />
                    </div>
                  ) : l.stripeTransferId ? (
                    <span className="font-mono text-xs" data-testid="line-transfer">{l.stripeTransferId}</span>
                  ) : l.paidAt ? (
                    <DateTime value={new Date(l.paidAt)} />
                  ) : null,
              },
            ]}
          />
        </Card>
      )}
    </div>
  );
}
