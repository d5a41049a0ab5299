import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { overrideHistory, platformHistory } from "@/lib/fees/history";
import { scheduleInForce, type FeeScheduleRow } from "@/lib/fees/schedules";
import { formatMoney } from "@/lib/money";
import { listOrganisationsWithMemberCounts } from "@/lib/orgs/queries";
import { endOfDay, today } from "@/lib/settlement/days";
import { parseCalendarDate } from "@/lib/validation/dates";
import { AdminNav } from "@/components/admin/admin-nav";
import { EndOverrideForm, FeeChangeForm } from "@/components/admin/fee-forms";
import { Alert } from "@/components/ui/alert";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date";

export const metadata = { title: "Fees" };

function pct(bps: number): string {
  return `${(bps / 100).toFixed(2)}%`;
}

function rule(r: { percentBps: number; fixed: number; min: number | null; max: number | null }, currency = "usd"): string {
  const m = (n: number) => formatMoney({ amount: n, currency });
  return `${pct(r.percentBps)} + ${m(r.fixed)}${r.min !== null ? `, min ${m(r.min)}` : ""}${r.max !== null ? `, max ${m(r.max)}` : ""}`;
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function FeesPage({ searchParams }: { searchParams: SearchParams }) {
  await guardPage(requireRole("platform_admin"), "/admin/fees");
  const sp = await searchParams;
  const typed = typeof sp.on === "string" ? sp.on : "";
  const onDay = typed && parseCalendarDate(typed) ? typed : today();
  const at = new Date(endOfDay(onDay).getTime() - 1);
  const db = await getDb();
  const [orgs, platform, overrides] = await Promise.all([listOrganisationsWithMemberCounts(db), platformHistory(db), overrideHistory(db)]);
  const inForce = await Promise.all(orgs.map(async (o) => ({ org: o, s: await scheduleInForce(db, o.id, at) })));
  const orgChoices = orgs.map((o) => ({ slug: o.slug, name: o.name }));
  const historyColumns = [
    { header: "Effective from", cell: (r: { row: FeeScheduleRow }) => <DateTime value={r.row.effectiveFrom} />, nowrap: true },
    { header: "Card fee", cell: (r: { row: FeeScheduleRow }) => (r.row.endsOverride ? <Badge tone="amber">override ended</Badge> : rule(r.row)) },
    { header: "Settlement fee", cell: (r: { row: FeeScheduleRow }) => (r.row.endsOverride ? "—" : pct(r.row.settlementPercentBps)), align: "right" as const },
    { header: "Reason", cell: (r: { row: FeeScheduleRow }) => r.row.note ?? "" },
    { header: "Recorded", cell: (r: { row: FeeScheduleRow; by: string | null }) => <span>{r.by ?? "seed"} · <DateTime value={r.row.createdAt} /></span> },
  ];
  return (
    <div className="space-y-6">
      <PageHeader title="Fees" description="The platform default and per-organisation overrides, with every change kept as history." />
      <AdminNav current="/admin/fees" />
      <Card title={`In force on ${onDay}`}>
        {typed && typed !== onDay ? <Alert tone="warning">“{typed}” is not a date; showing today.</Alert> : null}
        <form method="get" className="mb-4 flex flex-wrap items-end gap-3" aria-label="Fees on a date">
          <div className="space-y-1">
            <label htmlFor="fees-on" className="block text-sm font-medium text-slate-700">Date</label>
            <input id="fees-on" name="on" type="date" defaultValue={onDay} className="rounded-md border border-slate-300 px-3 py-2 text-sm" />
          </div>
          <button type="submit" className="rounded-md bg-slate-100 px-3 py-2 text-sm font-medium text-slate-900 hover:bg-slate-200">Show</button>
        </form>
        <DataTable
          caption="Fees in force per organisation"
          testId="fees-in-force"
          rows={inForce}
          rowKey={(r) => r.org.id}
          columns={[
            { header: "Organisation", cell: (r) => r.org.name },
            { header: "Source", cell: (r) => (r.s.source === "organisation" ? <Badge tone="blue">override</Badge> : r.s.source === "platform" ? "platform default" : "built-in") },
            { header: "Card fee", cell: (r) => rule(r.s.rule) },
            { header: "Settlement fee", cell: (r) => pct(r.s.settlementPercentBps), align: "right" },
          ]}
        />
      </Card>
      <Card title="Add a change">
        <FeeChangeForm defaultDate={today()} organisations={orgChoices} />
      </Card>
      <Card title="End an override">
        <EndOverrideForm defaultDate={today()} organisations={orgChoices} />
      </Card>
      <Card title="Platform default: history">
        <DataTable caption="Platform default history" rows={platform} rowKey={(r) => r.row.id} minWidth={760} columns={historyColumns} />
      </Card>
      <Card title="Overrides: history">
        <DataTable
          caption="Override history"
          rows={overrides}
          rowKey={(r) => r.row.id}
          minWidth={880}
          columns={[{ header: "Organisation", cell: (r) => r.orgName }, ...historyColumns]}
        />
      </Card>
    </div>
  );
}
