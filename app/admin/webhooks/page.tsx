import Link from "next/link";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { listEventLog, type EventLogFilter } from "@/lib/stripe/webhooks/log";
import { WebhookLogTable } from "@/components/admin/webhook-log-table";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";

export const metadata = { title: "Webhook log" };

const FILTERS: EventLogFilter[] = ["all", "failed", "pending", "processed"];

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
          <WebhookLogTable rows={rows} />
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
