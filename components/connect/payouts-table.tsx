import type { PayoutView } from "@/lib/connect/money";
import { Badge } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date";
import { Money } from "@/components/ui/money";

const TONE: Record<string, "green" | "amber" | "red" | "slate"> = { paid: "green", pending: "amber", in_transit: "amber", failed: "red", canceled: "slate" };

export function PayoutsTable({ payouts }: { payouts: PayoutView[] }) {
  return (
    <DataTable
      caption="Payouts to your bank account"
      rows={payouts}
      rowKey={(p) => p.id}
      rowAttributes={(p) => ({ "data-testid": "payout", "data-status": p.status })}
      columns={[
        { header: "Arrival", cell: (p) => <DateTime value={new Date(p.arrivalDate)} style="day" />, nowrap: true },
        { header: "Amount", cell: (p) => <Money value={{ amount: p.amount, currency: p.currency }} />, align: "right", nowrap: true },
        { header: "Status", cell: (p) => <Badge tone={TONE[p.status] ?? "slate"}>{p.status.replace("_", " ")}</Badge> },
        {
          header: "What to do",
          cell: (p) => (p.status === "failed" ? <span className="text-red-700">{p.failureMessage ? `${p.failureMessage} ` : ""}{p.failureAction}</span> : <span className="text-slate-500">Nothing</span>),
        },
      ]}
    />
  );
}
