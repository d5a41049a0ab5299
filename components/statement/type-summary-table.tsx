import type { TypeSummaryRow } from "@/lib/statements/types";
import { TRANSACTION_TYPE_LABELS } from "@/lib/statements/labels";
import { DataTable, type Column } from "@/components/ui/data-table";
import { Money } from "@/components/ui/money";

/** Totals by transaction type (count, in, out, net) for a statement's period. */
export function TypeSummaryTable({ rows, currency, caption }: { rows: TypeSummaryRow[]; currency: string; caption: string }) {
  const columns: readonly Column<TypeSummaryRow>[] = [
    { header: "Type", cell: (s) => TRANSACTION_TYPE_LABELS[s.type] },
    { header: "Count", align: "right", className: "tabular-nums", cell: (s) => s.count },
    { header: "In", align: "right", cell: (s) => <Money value={{ amount: s.credits, currency }} /> },
    { header: "Out", align: "right", cell: (s) => <Money value={{ amount: s.debits, currency }} /> },
    { header: "Net", align: "right", className: "font-medium", cell: (s) => <Money value={{ amount: s.net, currency }} /> },
  ];
  return (
    <DataTable
      caption={caption}
      columns={columns}
      rows={rows}
      rowKey={(s) => s.type}
      rowAttributes={() => ({ "data-testid": "org-summary-row" })}
      testId="org-summary"
      bleed
    />
  );
}
