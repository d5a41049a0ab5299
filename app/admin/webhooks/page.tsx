import Link from "next/link";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { listEventLog, type EventLogFilter } from "@/lib/stripe/webhooks/log";
import { ReplayButton } from "@/components/admin/replay-button";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";

export const metadata = { title: "Webhook log" };

const FILTERS: EventLogFilter[] = ["all", "failed", "pending", "processed"];

function time(d: Date | null) {
  return d ? d.toISOString().replace("T", " ").slice(0, 19) : "—";
}

export default async function WebhookLogPage({ searchParams }: { searchParams: Promise<{ filter?: string; q?: string; before?: string }> }) {
  await guardPage(requireRole("platform_admin"), "/admin/webhooks");
  const sp = await searchParams;
  const filter = FILTERS.find((f) => f === sp.filter) ?? "all";
  const { rows, nextCursor } = await listEventLog(await getDb(), { filter, search: sp.q, before: sp.before });
  const qs = (extra: Record<string, string>) => new URLSearchParams({ ...(sp.q ? { q: sp.q } : {}), filter, ...extra }).toString();
  return (
    <div className="space-y-6">
      <PageHeader title="Webhook log" description="Every Stripe event received, whether it was processed, and its last error. Replays are safe: handlers are idempotent." />
      <Card>
        <form className="mb-4 flex flex-wrap items-end gap-3" role="search">
          <label className="flex flex-col text-sm">
            <span className="font-medium text-slate-700">Event, type or object id</span>
            <input name="q" defaultValue={sp.q} placeholder="evt_…, checkout.session.completed, cs_…" className="mt-1 w-80 max-w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
          </label>
          <label className="flex flex-col text-sm">
            <span className="font-medium text-slate-700">Show</span>
            <select name="filter" defaultValue={filter} className="mt-1 rounded-md border border-slate-300 px-3 py-2 text-sm">
              {FILTERS.map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </select>
          </label>
          <button className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700">Search</button>
        </form>
        {rows.length === 0 ? (
          <EmptyState title="No events match">Events appear here as Stripe delivers them.</EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="webhook-log">
              <thead className="text-xs uppercase text-slate-500">
                <tr>
                  <th scope="col" className="py-2 pr-3">Received</th>
                  <th scope="col" className="py-2 pr-3">Type</th>
                  <th scope="col" className="py-2 pr-3">Event / object</th>
                  <th scope="col" className="py-2 pr-3">Status</th>
                  <th scope="col" className="py-2 pr-3 text-right">Attempts</th>
                  <th scope="col" className="py-2" />
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((r) => (
                  <tr key={r.id} data-testid="webhook-row" data-event-type={r.type}>
                    <td className="whitespace-nowrap py-2 pr-3 tabular-nums">{time(r.receivedAt)}</td>
                    <td className="py-2 pr-3 font-mono text-xs">{r.type}</td>
                    <td className="py-2 pr-3 font-mono text-xs">
                      <div>{r.id}</div>
                      <div className="text-slate-500">{r.objectId}{r.account ? ` · ${r.account}` : ""}</div>
                    </td>
                    <td className="py-2 pr-3">
                      {r.processedAt ? (
                        <Badge tone="green">processed</Badge>
                      ) : r.attempts > 0 ? (
                        <span title={r.lastError ?? undefined}>
                          <Badge tone="red">failed</Badge> <span className="text-xs text-slate-500">retry {time(r.nextAttemptAt)}</span>
                          <div className="max-w-xs truncate text-xs text-red-700">{r.lastError}</div>
                        </span>
                      ) : (
                        <Badge tone="amber">pending</Badge>
                      )}
                    </td>
                    <td className="py-2 pr-3 text-right tabular-nums" data-testid="webhook-attempts">{r.attempts}</td>
                    <td className="py-2">
                      <ReplayButton eventId={r.id} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {nextCursor ? (
          <div className="mt-4">
            <Link className="text-sm font-medium text-brand-700 hover:underline" href={`/admin/webhooks?${qs({ before: nextCursor })}`}>
              Older events →
            </Link>
          </div>
        ) : null}
      </Card>
    </div>
  );
}
