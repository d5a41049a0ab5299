import Link from "next/link";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { buyerOrders, type OrderView } from "@/lib/marketplace/orders";
import { ORDER_STATUS_LABELS, ORDER_STATUS_TONE } from "@/components/marketplace/labels";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date";
import { Money } from "@/components/ui/money";

export const dynamic = "force-dynamic";
export const metadata = { title: "My purchases" };

function what(o: OrderView): string {
  return o.items.map((i) => (i.quantity > 1 ? `${i.quantity} × ${i.title}` : i.title)).join(", ");
}

/** My purchases: every order with its status, receipts, tickets, bookings and course access one click away. */
export default async function OrdersPage() {
  const user = await guardPage(requireUser(), "/orders");
  const orders = await buyerOrders(await getDb(), user.id);
  return (
    <div className="space-y-6">
      <PageHeader title="My purchases" description="Orders, tickets, bookings and courses." actions={<ButtonLink href="/listings">Browse listings</ButtonLink>} />
      <Card>
        {orders.length === 0 ? (
          <EmptyState title="No purchases yet">What you buy shows here, with its receipt and tickets.</EmptyState>
        ) : (
          <DataTable
            caption="My purchases"
            testId="orders-table"
            bleed
            minWidth={640}
            rows={orders}
            rowKey={(o) => o.id}
            rowAttributes={(o) => ({ "data-testid": "order-row", "data-status": o.status })}
            columns={[
              { header: "Date", nowrap: true, cell: (o) => <DateTime value={new Date(o.createdAt)} /> },
              {
                header: "What",
                cell: (o) => (
                  <Link href={`/orders/${o.id}`} className="font-medium underline">
                    {what(o)}
                  </Link>
                ),
              },
              { header: "Seller", cell: (o) => o.seller.name },
              {
                header: "Status",
                cell: (o) => (
                  <span className="flex flex-wrap gap-1">
                    <Badge tone={ORDER_STATUS_TONE[o.status]}>{ORDER_STATUS_LABELS[o.status]}</Badge>
                    {o.disputes.some((d) => !["won", "lost", "warning_closed"].includes(d.status)) ? <Badge tone="red">Disputed</Badge> : null}
                  </span>
                ),
              },
              {
                header: "Refunded",
                align: "right",
                cell: (o) => {
                  const refunded = o.refunds.filter((r) => r.status !== "failed" && r.status !== "canceled" && r.reason !== "late_payment").reduce((s, r) => s + r.amount, 0);
                  return refunded ? <Money value={{ amount: refunded, currency: o.currency }} /> : "—";
                },
              },
              { header: "Amount", align: "right", cell: (o) => <Money value={{ amount: o.amount, currency: o.currency }} /> },
            ]}
          />
        )}
      </Card>
    </div>
  );
}
