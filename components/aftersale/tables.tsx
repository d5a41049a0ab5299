import Link from "next/link";
import type { DisputeListItem } from "@/lib/marketplace/disputes";
import type { RefundListItem } from "@/lib/marketplace/aftersale-views";
import type { OrderView } from "@/lib/marketplace/orders";
import { Badge } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date";
import { Money } from "@/components/ui/money";

const CLOSED = ["won", "lost", "warning_closed"];

export function words(s: string): string {
  const t = s.replaceAll("_", " ");
  return t.charAt(0).toUpperCase() + t.slice(1);
}

const REFUND_REASONS: Record<string, string> = {
  late_payment: "Payment arrived on a closed checkout",
  requested_by_buyer: "Asked by the buyer",
  requested_by_seller: "By the seller",
  requested_by_customer: "Asked by the customer (Stripe)",
  stripe_dashboard: "Made in the Stripe dashboard",
};

export function RefundStatus({ status }: { status: string }) {
  const tone = status === "succeeded" ? "green" : status === "failed" || status === "canceled" ? "red" : "amber";
  return <Badge tone={tone}>{status === "failed" ? "Failed: not refunded" : words(status)}</Badge>;
}

export function DisputeStatus({ status }: { status: string }) {
  const tone = status === "won" ? "green" : status === "lost" ? "red" : CLOSED.includes(status) ? "slate" : "amber";
  return <Badge tone={tone}>{words(status)}</Badge>;
}

/** An order's refunds (buyer and seller pages). */
export function OrderRefundsTable({ order, showFee = false }: { order: OrderView; showFee?: boolean }) {
  return (
    <DataTable
      caption="Refunds"
      bleed
      rows={order.refunds}
      rowKey={(r) => r.id}
      rowAttributes={(r) => ({ "data-testid": "refund-row", "data-status": r.status })}
      columns={[
        { header: "Date", nowrap: true, cell: (r) => <DateTime value={new Date(r.createdAt)} /> },
        { header: "Why", cell: (r) => REFUND_REASONS[r.reason] ?? r.reason },
        { header: "Status", cell: (r) => <RefundStatus status={r.status} /> },
        ...(showFee ? [{ header: "Plaza fee back", align: "right" as const, cell: (r: OrderView["refunds"][number]) => <Money value={{ amount: r.feeRefunded, currency: order.currency }} /> }] : []),
        { header: "Amount", align: "right", cell: (r) => <Money value={{ amount: r.amount, currency: order.currency }} /> },
      ]}
    />
  );
}

/** An order's disputes. */
export function OrderDisputesTable({ order }: { order: OrderView }) {
  return (
    <DataTable
      caption="Disputes"
      bleed
      rows={order.disputes}
      rowKey={(d) => d.id}
      rowAttributes={(d) => ({ "data-testid": "dispute-row", "data-status": d.status })}
      columns={[
        { header: "Reason", cell: (d) => words(d.reason) },
        { header: "Status", cell: (d) => <DisputeStatus status={d.status} /> },
        { header: "Evidence due", nowrap: true, cell: (d) => (CLOSED.includes(d.status) ? "—" : <DateTime value={d.evidenceDueBy ? new Date(d.evidenceDueBy) : null} />) },
        { header: "Amount", align: "right", cell: (d) => <Money value={{ amount: d.amount, currency: order.currency }} /> },
      ]}
    />
  );
}

/** Disputes of a seller (or of everyone, for admins), open first by deadline. */
export function DisputesTable({ disputes, orderHref, showSeller = false }: { disputes: DisputeListItem[]; orderHref: (d: DisputeListItem) => string; showSeller?: boolean }) {
  return (
    <DataTable
      caption="Disputes"
      testId="disputes"
      bleed
      minWidth={640}
      rows={disputes}
      rowKey={(d) => d.id}
      rowAttributes={(d) => ({ "data-testid": "dispute-row", "data-open": String(d.open) })}
      columns={[
        { header: "Evidence due", nowrap: true, cell: (d) => (d.open ? <DateTime value={d.evidenceDueBy ? new Date(d.evidenceDueBy) : null} /> : "—") },
        { header: "Status", cell: (d) => <DisputeStatus status={d.status} /> },
        { header: "Reason", cell: (d) => words(d.reason) },
        ...(showSeller ? [{ header: "Seller", cell: (d: DisputeListItem) => d.sellerName }] : []),
        { header: "Buyer", cell: (d) => <span className="break-all">{d.buyerEmail}</span> },
        {
          header: "Order",
          cell: (d) => (
            <Link className="underline" href={orderHref(d)}>
              {d.orderId.slice(0, 8)}
            </Link>
          ),
        },
        { header: "Amount", align: "right", cell: (d) => <Money value={{ amount: d.amount, currency: d.currency }} /> },
      ]}
    />
  );
}

/** A seller's refunds, newest first. */
export function RefundsTable({ refunds, orderHref }: { refunds: RefundListItem[]; orderHref: (orderId: string) => string }) {
  return (
    <DataTable
      caption="Refunds"
      testId="refunds"
      bleed
      minWidth={640}
      rows={refunds}
      rowKey={(r) => r.id}
      rowAttributes={() => ({ "data-testid": "refund-row" })}
      columns={[
        { header: "Date", nowrap: true, cell: (r) => <DateTime value={new Date(r.createdAt)} /> },
        { header: "Buyer", cell: (r) => <span className="break-all">{r.buyerEmail}</span> },
        {
          header: "Order",
          cell: (r) => (
            <Link className="underline" href={orderHref(r.orderId)}>
              {r.orderId.slice(0, 8)}
            </Link>
          ),
        },
        { header: "Why", cell: (r) => REFUND_REASONS[r.reason] ?? r.reason },
        { header: "Status", cell: (r) => <RefundStatus status={r.status} /> },
        { header: "Plaza fee back", align: "right", cell: (r) => <Money value={{ amount: r.feeRefunded, currency: r.currency }} /> },
        { header: "Amount", align: "right", cell: (r) => <Money value={{ amount: r.amount, currency: r.currency }} /> },
      ]}
    />
  );
}
