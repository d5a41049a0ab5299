import { ReplayButton } from "@/components/admin/replay-button";
import { Badge } from "@/components/ui/card";
import { DataTable, type Column } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date";

/** One received Stripe event as the log shows it. */
export interface WebhookLogRow {
  id: string;
  type: string;
  account: string | null;
  objectId: string | null;
  receivedAt: Date;
  processedAt: Date | null;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date | null;
}

function Status({ r }: { r: WebhookLogRow }) {
  if (r.processedAt) return <Badge tone="green">processed</Badge>;
  if (r.attempts === 0) return <Badge tone="amber">pending</Badge>;
  return (
    <span title={r.lastError ?? undefined}>
      <Badge tone="red">failed</Badge>{" "}
      <span className="text-xs text-slate-500">
        retry <DateTime value={r.nextAttemptAt} style="seconds" />
      </span>
      <span className="block max-w-48 break-words text-xs text-red-700">{r.lastError}</span>
    </span>
  );
}

const COLUMNS: readonly Column<WebhookLogRow>[] = [
  { header: "Received", nowrap: true, className: "tabular-nums", cell: (r) => <DateTime value={r.receivedAt} style="seconds" /> },
  { header: "Type", className: "font-mono text-xs break-all", cell: (r) => r.type },
  {
    header: "Event / object",
    className: "font-mono text-xs break-all",
    cell: (r) => (
      <>
        <span className="block">{r.id}</span>
        <span className="block text-slate-500">
          {r.objectId}
          {r.account ? ` · ${r.account}` : ""}
        </span>
      </>
    ),
  },
  { header: "Status", cell: (r) => <Status r={r} /> },
  { header: "Attempts", align: "right", className: "tabular-nums", testId: "webhook-attempts", cell: (r) => r.attempts },
  { header: "Replay", hideHeader: true, cell: (r) => <ReplayButton eventId={r.id} /> },
];

/** The admin webhook log, newest first. */
export function WebhookLogTable({ rows }: { rows: WebhookLogRow[] }) {
  return (
    <DataTable
      caption="Stripe events, newest first"
      columns={COLUMNS}
      rows={rows}
      rowKey={(r) => r.id}
      rowAttributes={(r) => ({ "data-testid": "webhook-row", "data-event-type": r.type })}
      testId="webhook-log"
      minWidth={720}
    />
  );
}
