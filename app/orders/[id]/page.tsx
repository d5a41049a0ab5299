import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { isAppError } from "@/lib/errors";
import { randomUUID } from "node:crypto";
import { buyerOrder, orderView } from "@/lib/marketplace/orders";
import { refundQuote } from "@/lib/marketplace/refunds";
import { RefundForm } from "@/components/aftersale/refund-form";
import { OrderDisputesTable, OrderRefundsTable } from "@/components/aftersale/tables";
import { qrPath } from "@/lib/marketplace/qr";
import { cancelOrderAction, syncOrderAction } from "../actions";
import { StripeWait } from "@/components/ui/stripe-wait";
import { ORDER_STATUS_LABELS, ORDER_STATUS_TONE } from "@/components/marketplace/labels";
import { TicketQr } from "@/components/marketplace/ticket-qr";
import { Alert } from "@/components/ui/alert";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { Button, ButtonLink } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { DateTime, formatDate } from "@/components/ui/date";
import { Money } from "@/components/ui/money";

export const dynamic = "force-dynamic";
export const metadata = { title: "Order" };

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** One order: its status (updating while Stripe's confirmation is awaited), items, tickets, booking, course access, refunds. */
export default async function OrderPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const user = await guardPage(requireUser(), `/orders/${id}`);
  const db = await getDb();
  const row = await buyerOrder(db, id, user.id).catch((e: unknown) => {
    if (isAppError(e) && e.code === "order_not_found") notFound();
    throw e;
  });
  const order = await orderView(db, row);
  const quote = await refundQuote(db, row, "buyer");
  const sp = await searchParams;
  const sessionParam = first(sp.session_id);
  const syncing = order.status === "awaiting_payment" && row.checkoutSessionId && sessionParam === row.checkoutSessionId ? row.checkoutSessionId : null;
  const awaitingReturn = order.status === "awaiting_payment" && (syncing || first(sp.charge) === "returned");
  const courses = order.items.filter((i) => i.kind === "course");
  const tickets = (order.tickets ?? []).map((t) => ({ ...t, qr: qrPath(t.code), title: order.items.find((i) => i.listingId === t.listingId)?.title ?? "Ticket" }));
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader title="Your order" description={`Ordered ${formatDate(new Date(order.createdAt))} from ${order.seller.name}`} />
      <Card>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-xl font-semibold" data-testid="order-status" data-status={order.status}>
            <Badge tone={ORDER_STATUS_TONE[order.status]}>{ORDER_STATUS_LABELS[order.status]}</Badge>
          </p>
          <Money value={{ amount: order.amount, currency: order.currency }} className="text-2xl font-bold" />
        </div>
        <div className="mt-4 space-y-3">
          {order.status === "awaiting_payment" ? (
            awaitingReturn ? (
              <>
                <p className="text-sm text-slate-700">Waiting for Stripe to confirm your payment. This page updates by itself.</p>
                <StripeWait
                  sync={syncing ? { arg: syncing, action: syncOrderAction, failureText: "We couldn't reach Stripe just now; your order is confirmed as soon as Stripe tells us." } : undefined}
                  progressText="Confirming with Stripe…"
                  timeoutText="Stripe hasn't confirmed the payment yet. Nothing is lost: your order is confirmed as soon as Stripe tells Plaza, and your places stay held meanwhile. Check again in a minute; if it's still waiting after an hour, contact the seller with this page's address."
                />
              </>
            ) : (
              <div className="space-y-3">
                <p className="text-sm text-slate-700">{first(sp.checkout) === "cancelled" ? "You left Stripe's page without paying; nothing was charged." : "This order is not paid yet."} Your places are held while the checkout is open.</p>
                <div className="flex flex-wrap gap-3">
                  {row.paymentRoute === "checkout" ? <ButtonLink href={`/orders/${order.id}/pay`}>Pay on this page</ButtonLink> : null}
                  <form action={cancelOrderAction}>
                    <input type="hidden" name="orderId" value={order.id} />
                    <Button type="submit" variant="secondary">
                      Cancel order
                    </Button>
                  </form>
                </div>
              </div>
            )
          ) : null}
          {order.status === "authorised" ? <Alert tone="info">Your card is authorised, not charged. {order.seller.name} confirms the booking; you are charged only then.</Alert> : null}
          {order.status === "cancelled" ? (
            <Alert tone="warning" testId="order-closed">
              {order.closedReason === "superseded" ? "You started a newer checkout for the same thing, so this one was cancelled." : "This order was cancelled."} Nothing was charged{order.refunds.length ? " — any payment that still arrived is refunded in full" : ""}.
            </Alert>
          ) : null}
          {order.status === "expired" ? <Alert tone="warning" testId="order-closed">The checkout expired before payment; the places went back on sale. Nothing was charged.</Alert> : null}
        </div>
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
            { header: "Price", align: "right", cell: (i) => <Money value={{ amount: i.unitAmount, currency: order.currency }} /> },
            { header: "Total", align: "right", cell: (i) => <Money value={{ amount: i.amount, currency: order.currency }} /> },
          ]}
        />
      </Card>

      {courses.length && (order.status === "paid" || order.status === "partially_refunded") ? (
        <Card title="Your course">
          <ul className="space-y-2">
            {courses.map((c) => (
              <li key={c.id}>
                <ButtonLink href={`/listings/${c.listingId}/content`} data-testid="open-course">
                  Open “{c.title}”
                </ButtonLink>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}

      {tickets.length ? (
        <Card title="Your tickets">
          <p className="mb-3 text-sm text-slate-600">Show a code at the door.</p>
          <div className="flex flex-wrap gap-4" data-testid="tickets">
            {tickets.map((t) => (
              <TicketQr key={t.id} code={t.code} size={t.qr.size} path={t.qr.path} label={`${t.title} · ${t.seq}${t.voided ? " · voided (refunded)" : ""}`} />
            ))}
          </div>
        </Card>
      ) : null}

      {order.booking ? (
        <Card title="Your booking">
          <p className="text-sm" data-testid="booking" data-status={order.booking.status}>
            <DateTime value={new Date(order.booking.startsAt)} /> —{" "}
            {order.booking.status === "awaiting_confirmation" ? "awaiting the seller's confirmation" : order.booking.status === "confirmed" ? "confirmed" : order.booking.status}
          </p>
        </Card>
      ) : null}

      {order.disputes.length ? (
        <Card title="Disputes">
          <p className="mb-3 text-sm text-slate-600">Your bank disputed this payment. The seller answers through Stripe; your bank tells you the outcome.</p>
          <OrderDisputesTable order={order} />
        </Card>
      ) : null}

      {order.refunds.length || quote.allowed || (quote.problem && ["paid", "partially_refunded"].includes(order.status)) ? (
        <Card title="Refunds">
          {order.refunds.length ? <OrderRefundsTable order={order} /> : null}
          {quote.allowed ? (
            <div className="mt-4 space-y-3">
              <p className="text-sm text-slate-700" data-testid="refund-window">
                You can ask for your money back until <DateTime value={quote.buyerUntil ? new Date(quote.buyerUntil) : null} />.
              </p>
              <RefundForm orderId={order.id} currency={order.currency} refundable={quote.refundable} refunded={quote.refunded} to={quote.to} requestId={randomUUID()} back={`/orders/${order.id}`} buyerLabel="You" allowPartial={false} />
            </div>
          ) : quote.problem && ["paid", "partially_refunded"].includes(order.status) ? (
            <p className="mt-3 text-sm text-slate-600" data-testid="refund-refused">
              {quote.problem}
            </p>
          ) : null}
        </Card>
      ) : null}

      <div className="flex flex-wrap gap-3">
        <ButtonLink href="/orders" variant="secondary">
          My purchases
        </ButtonLink>
        <Link href="/listings" className="self-center text-sm underline">
          Browse listings
        </Link>
      </div>
    </div>
  );
}
