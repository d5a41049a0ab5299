import { randomUUID } from "node:crypto";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { ORG_STAFF, requireOrgRole } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { isAppError } from "@/lib/errors";
import { sellerOrder } from "@/lib/marketplace/aftersale-views";
import { orderView } from "@/lib/marketplace/orders";
import { refundQuote } from "@/lib/marketplace/refunds";
import { organisationTitle } from "../../title";
import { BookingDecision } from "@/components/aftersale/booking-decision";
import { RefundForm } from "@/components/aftersale/refund-form";
import { OrderDisputesTable, OrderRefundsTable } from "@/components/aftersale/tables";
import { ORDER_STATUS_LABELS, ORDER_STATUS_TONE } from "@/components/marketplace/labels";
import { Alert } from "@/components/ui/alert";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { DateTime, formatDate } from "@/components/ui/date";
import { Money } from "@/components/ui/money";

export const dynamic = "force-dynamic";

export function generateMetadata({ params }: { params: Promise<{ slug: string }> }) {
  return organisationTitle(params, "Order");
}

/** One of the seller's orders: money, refunds, disputes, and the refund and booking actions (owners and admins). */
export default async function SellerOrderPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const { organisation, role } = await guardPage(requireOrgRole(slug, ORG_STAFF), `/orgs/${slug}/orders/${id}`);
  const db = await getDb();
  const found = await sellerOrder(db, organisation.id, id).catch((e: unknown) => {
    if (isAppError(e) && e.code === "order_not_found") notFound();
    throw e;
  });
  const order = await orderView(db, found.order);
  const manager = role === "owner" || role === "admin" || role === "platform_admin";
  const quote = await refundQuote(db, found.order, role === "platform_admin" ? "admin" : "seller");
  const money = (amount: number) => ({ amount, currency: order.currency });
  const openDispute = order.disputes.find((d) => !["won", "lost", "warning_closed"].includes(d.status));
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader title={`Order ${order.id.slice(0, 8)}`} description={`${found.buyerEmail} · ordered ${formatDate(new Date(order.createdAt))}`} actions={<ButtonLink href={`/orgs/${organisation.slug}/disputes`} variant="secondary">Disputes and refunds</ButtonLink>} />
      {openDispute ? (
        <Alert tone="warning" title="This order is disputed" testId="order-dispute-open">
          The buyer&apos;s bank disputed <Money value={money(openDispute.amount)} />. {openDispute.evidenceDueBy ? <>Send evidence in Stripe by <DateTime value={new Date(openDispute.evidenceDueBy)} />.</> : null}
        </Alert>
      ) : null}
      <Card>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-xl font-semibold" data-testid="order-status" data-status={order.status}>
            <Badge tone={ORDER_STATUS_TONE[order.status]}>{ORDER_STATUS_LABELS[order.status]}</Badge>
          </p>
          <Money value={money(order.amount)} className="text-2xl font-bold" />
        </div>
        <dl className="mt-4 grid grid-cols-1 gap-2 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-slate-600">Plaza fee</dt>
            <dd><Money value={money(order.platformFee)} /></dd>
          </div>
          <div>
            <dt className="text-slate-600">Refunded</dt>
            <dd data-testid="order-refunded"><Money value={money(quote.refunded)} /></dd>
          </div>
          <div>
            <dt className="text-slate-600">Paid with</dt>
            <dd>{order.paidWith === "wallet" ? "Plaza wallet" : order.paidWith ? `Card (${order.chargeType ?? "card"} charge)` : "—"}</dd>
          </div>
          <div>
            <dt className="text-slate-600">Paid</dt>
            <dd><DateTime value={order.paidAt ? new Date(order.paidAt) : null} /></dd>
          </div>
        </dl>
      </Card>

      <Card title="Items">
        <DataTable
          caption="Items"
          bleed
          rows={order.items}
          rowKey={(i) => i.id}
          columns={[
            { header: "Item", cell: (i) => i.title },
            { header: "Quantity", align: "right", cell: (i) => i.quantity },
            { header: "Total", align: "right", cell: (i) => <Money value={money(i.amount)} /> },
          ]}
        />
      </Card>

      {order.booking ? (
        <Card title="Booking">
          <p className="text-sm" data-testid="booking" data-status={order.booking.status}>
            <DateTime value={new Date(order.booking.startsAt)} /> — {order.booking.status.replaceAll("_", " ")}
          </p>
          {order.status === "authorised" && manager ? (
            <div className="mt-3">
              <BookingDecision slug={organisation.slug} orderId={order.id} amount={order.amount} currency={order.currency} buyerEmail={found.buyerEmail} when={formatDate(new Date(order.booking.startsAt))} />
            </div>
          ) : null}
        </Card>
      ) : null}

      {order.disputes.length ? (
        <Card title="Disputes">
          <OrderDisputesTable order={order} />
        </Card>
      ) : null}

      <Card title="Refunds">
        {order.refunds.length ? <OrderRefundsTable order={order} showFee /> : <p className="text-sm text-slate-600">No refunds.</p>}
        {manager && quote.allowed ? (
          <div className="mt-4">
            <RefundForm orderId={order.id} currency={order.currency} refundable={quote.refundable} refunded={quote.refunded} to={quote.to} requestId={randomUUID()} back={`/orgs/${organisation.slug}/orders/${order.id}`} buyerLabel={found.buyerEmail} />
          </div>
        ) : manager && quote.problem && ["paid", "partially_refunded", "refunded"].includes(order.status) ? (
          <p className="mt-3 text-sm text-slate-600">{quote.problem}</p>
        ) : null}
      </Card>
    </div>
  );
}
