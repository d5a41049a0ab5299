import type { TopUpRefundQuote, TopUpWithRefunds } from "@/lib/wallet/top-up-refunds";
import { ButtonLink } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date";
import { Money } from "@/components/ui/money";

const KIND_LABEL = { manual: "Top-up", auto: "Automatic top-up", shortfall: "Card payment" } as const;
const REFUND_TONE = { pending: "amber", succeeded: "green", failed: "red" } as const;

/**
 * Paid top-ups with their refunds and what is left; `refundHref` gives the confirm screen of one that may be
 * refunded now (null: no action).
 */
export function TopUpsTable({ rows, refundHref, caption }: { rows: TopUpWithRefunds[]; refundHref: (row: TopUpWithRefunds) => string | null; caption: string }) {
  return (
    <DataTable
      caption={caption}
      rows={rows}
      rowKey={(r) => r.topUp.id}
      testId="top-ups"
      minWidth={760}
      rowAttributes={(r) => ({ "data-testid": "top-up-row", "data-top-up-id": r.topUp.id })}
      columns={[
        { header: "Paid", cell: (r) => <DateTime value={r.topUp.completedAt} />, nowrap: true },
        { header: "Kind", cell: (r) => KIND_LABEL[r.topUp.kind] },
        { header: "Amount", cell: (r) => <Money value={{ amount: r.topUp.amount, currency: r.topUp.currency }} />, align: "right" },
        {
          header: "Refunds",
          cell: (r) =>
            r.refunds.length === 0 ? (
              <span className="text-slate-500">None</span>
            ) : (
              <ul className="space-y-1" data-testid="top-up-refunds">
                {r.refunds.map((f) => (
                  <li key={f.id} className="flex flex-wrap items-center gap-2" data-testid="top-up-refund" data-status={f.status}>
                    <Money value={{ amount: f.cardAmount, currency: f.currency }} /> to card
                    {f.charge > 0 ? (
                      <span className="text-xs text-slate-500">
                        (charge <Money value={{ amount: f.charge, currency: f.currency }} />)
                      </span>
                    ) : null}
                    <Badge tone={REFUND_TONE[f.status]}>{f.status}</Badge>
                  </li>
                ))}
              </ul>
            ),
        },
        { header: "Left to refund", cell: (r) => <Money value={{ amount: Math.max(r.left, 0), currency: r.topUp.currency }} />, align: "right", testId: "top-up-left" },
        { header: "Refundable until", cell: (r) => <DateTime value={r.refundableUntil} style="day" />, nowrap: true },
        {
          header: "Action",
          hideHeader: true,
          cell: (r) => {
            const href = refundHref(r);
            return href ? (
              <ButtonLink href={href} variant="secondary" className="whitespace-nowrap" data-testid="refund-to-card">
                Refund to card
              </ButtonLink>
            ) : null;
          },
        },
      ]}
    />
  );
}

/** The review of a refund: what leaves the wallet, the charge kept, what reaches the card, the balance after. */
export function RefundReviewLines({ quote, whose }: { quote: TopUpRefundQuote; whose: string }) {
  const m = (amount: number) => <Money value={{ amount, currency: quote.currency }} />;
  const lines = [
    { label: `Taken from ${whose} wallet`, value: m(quote.amount), testId: "refund-amount" },
    { label: `Refund charge (${quote.chargeBps / 100}%), kept by Plaza`, value: m(quote.charge), testId: "refund-charge" },
    { label: "Refunded to the card", value: m(quote.cardAmount), testId: "refund-card-amount" },
    { label: "Wallet balance after", value: m(quote.balanceAfter), testId: "refund-balance-after" },
  ];
  return (
    <dl className="space-y-2 text-sm" data-testid="refund-review">
      {lines.map((l) => (
        <div key={l.label} className="flex flex-wrap justify-between gap-x-4 border-b border-slate-100 pb-2">
          <dt className="text-slate-600">{l.label}</dt>
          <dd className="font-semibold tabular-nums text-slate-900" data-testid={l.testId}>
            {l.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
