import type { StatementRow } from "@/lib/ledger/statement";
import { TRANSACTION_TYPE_LABELS } from "@/lib/ledger/labels";
import { formatMoney } from "@/lib/money";

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function formatStatementDate(d: Date): string {
  return `${dateFormat.format(d)} UTC`;
}

/** A statement page: newest first, with the running balance; scrolls sideways on small screens. */
export function StatementTable({ rows, caption, testId = "statement-rows" }: { rows: StatementRow[]; caption: string; testId?: string }) {
  return (
    <div className="-mx-5 overflow-x-auto px-5" tabIndex={0} role="region" aria-label={caption}>
      <table className="w-full min-w-[760px] text-left text-sm" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className="py-2 pr-3 font-medium">Date</th>
            <th scope="col" className="py-2 pr-3 font-medium">Counterparty</th>
            <th scope="col" className="py-2 pr-3 font-medium">Reference</th>
            <th scope="col" className="py-2 pr-3 font-medium">Type</th>
            <th scope="col" className="py-2 pr-3 font-medium">Description</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">Amount</th>
            <th scope="col" className="py-2 text-right font-medium">Balance</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={r.entryId} data-testid="statement-row">
              <td className="whitespace-nowrap py-2 pr-3 text-slate-600">
                <time dateTime={r.date.toISOString()}>{formatStatementDate(r.date)}</time>
              </td>
              <td className="py-2 pr-3" data-testid="statement-counterparty">{r.counterparty ?? "—"}</td>
              <td className="whitespace-nowrap py-2 pr-3 font-mono text-xs text-slate-600">{r.reference}</td>
              <td className="whitespace-nowrap py-2 pr-3" data-testid="statement-type">{TRANSACTION_TYPE_LABELS[r.type]}</td>
              <td className="py-2 pr-3" data-testid="statement-description">{r.description}</td>
              <td className={`whitespace-nowrap py-2 pr-3 text-right tabular-nums ${r.amount < 0 ? "text-slate-900" : "text-emerald-700"}`} data-testid="statement-amount">
                {r.amount > 0 ? "+" : ""}
                {formatMoney({ amount: r.amount, currency: r.currency })}
              </td>
              <td className="whitespace-nowrap py-2 text-right tabular-nums" data-testid="statement-balance">
                {formatMoney({ amount: r.balance, currency: r.currency })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
