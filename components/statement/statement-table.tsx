import type { StatementRow } from "@/lib/statements/types";
import { TRANSACTION_TYPE_LABELS } from "@/lib/statements/labels";
import { DataTable, type Column } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date";
import { Money } from "@/components/ui/money";

const COLUMNS: readonly Column<StatementRow>[] = [
  { header: "Date", nowrap: true, className: "text-slate-600", cell: (r) => <DateTime value={r.date} /> },
  { header: "Counterparty", testId: "statement-counterparty", cell: (r) => r.counterparty ?? "—" },
  { header: "Reference", nowrap: true, className: "font-mono text-xs text-slate-600", cell: (r) => r.reference },
  { header: "Type", nowrap: true, testId: "statement-type", cell: (r) => TRANSACTION_TYPE_LABELS[r.type] },
  { header: "Description", testId: "statement-description", cell: (r) => r.description },
  {
    header: "Amount",
    align: "right",
    nowrap: true,
    testId: "statement-amount",
    cell: (r) => <Money value={{ amount: r.amount, currency: r.currency }} signed className={r.amount < 0 ? "text-slate-900" : "text-emerald-700"} />,
  },
  { header: "Balance", align: "right", nowrap: true, testId: "statement-balance", cell: (r) => <Money value={{ amount: r.balance, currency: r.currency }} /> },
];

/** A statement page: newest first, with the running balance. */
export function StatementTable({ rows, caption, testId = "statement-rows" }: { rows: StatementRow[]; caption: string; testId?: string }) {
  return (
    <DataTable
      caption={caption}
      columns={COLUMNS}
      rows={rows}
      rowKey={(r) => r.entryId}
      rowAttributes={() => ({ "data-testid": "statement-row" })}
      testId={testId}
      minWidth={760}
      bleed
    />
  );
}
