import "server-only";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema";
import { formatDate } from "@/lib/dates";
import { formatMoney } from "@/lib/money";
import { enqueueEmail } from "@/lib/notify/outbox";
import { buyerOf, link, sellerManagers } from "./emails";
import type { OrderRow } from "./orders";

async function platformAdmins(db: Database) {
  return db.select({ id: users.id, email: users.email }).from(users).where(eq(users.isPlatformAdmin, true));
}

function money(amount: number, currency: string) {
  return formatMoney({ amount, currency });
}

/** The after-sale emails (refunds, failed refunds, disputes, bookings), queued in the caller's transaction. */
export const aftersaleEmails = {
  async refunded(db: Database, order: OrderRow, amount: number, remaining: number) {
    const buyer = await buyerOf(db, order.buyerUserId);
    const what = `${money(amount, order.currency)} of order ${order.id.slice(0, 8)}`;
    if (buyer) {
      await enqueueEmail(db, {
        to: buyer.email,
        userId: buyer.id,
        template: "order_refunded",
        subject: `Refund of ${money(amount, order.currency)}`,
        body: `${what} is being refunded to ${order.paidWith === "wallet" ? "your Plaza wallet" : "your card (it usually shows within 5–10 days)"}. ${remaining > 0 ? `${money(remaining, order.currency)} of the order stays paid.` : "The order is refunded in full."}\n\n${link(`/orders/${order.id}`)}`,
      });
    }
    for (const m of await sellerManagers(db, order.organisationId)) {
      await enqueueEmail(db, {
        to: m.email,
        userId: m.id,
        template: "seller_order_refunded",
        subject: `Refund: ${what}`,
        body: `${what} was refunded to ${buyer?.email ?? "the buyer"}. ${remaining > 0 ? `${money(remaining, order.currency)} stays paid.` : "The order is refunded in full."}\n\n${link(`/orgs/${m.slug}/orders/${order.id}`)}`,
      });
    }
  },
  async refundFailed(db: Database, order: OrderRow, amount: number, reason: string | null) {
    for (const m of await sellerManagers(db, order.organisationId)) {
      await enqueueEmail(db, {
        to: m.email,
        userId: m.id,
        template: "seller_refund_failed",
        subject: `A refund of ${money(amount, order.currency)} failed`,
        body: `Stripe could not complete a refund of ${money(amount, order.currency)} on order ${order.id.slice(0, 8)}${reason ? ` (${reason.replaceAll("_", " ")})` : ""}. The order and the ledger show the money as not refunded. Contact the buyer to refund another way.\n\n${link(`/orgs/${m.slug}/orders/${order.id}`)}`,
      });
    }
  },
  async disputeOpened(db: Database, order: OrderRow, d: { amount: number; currency: string; reason: string; evidenceDueBy: Date | null }) {
    const due = d.evidenceDueBy ? `Evidence is due by ${formatDate(d.evidenceDueBy, "medium")}.` : "";
    const text = `The buyer's bank disputed ${money(d.amount, d.currency)} of order ${order.id.slice(0, 8)} (reason: ${d.reason.replaceAll("_", " ")}). ${due}`;
    for (const m of await sellerManagers(db, order.organisationId)) {
      await enqueueEmail(db, { to: m.email, userId: m.id, template: "seller_dispute_opened", subject: `Dispute: ${money(d.amount, d.currency)} on order ${order.id.slice(0, 8)}`, body: `${text}\n\n${link(`/orgs/${m.slug}/disputes`)}` });
    }
    for (const a of await platformAdmins(db)) {
      await enqueueEmail(db, { to: a.email, userId: a.id, template: "admin_dispute_opened", subject: `Dispute opened: ${money(d.amount, d.currency)}`, body: `${text}\n\n${link(`/orders/${order.id}`)}` });
    }
  },
  async disputeClosed(db: Database, order: OrderRow, d: { amount: number; currency: string; status: string }) {
    const text = `The dispute of ${money(d.amount, d.currency)} on order ${order.id.slice(0, 8)} is closed: ${d.status.replaceAll("_", " ")}.`;
    for (const m of await sellerManagers(db, order.organisationId)) {
      await enqueueEmail(db, { to: m.email, userId: m.id, template: "seller_dispute_closed", subject: `Dispute ${d.status.replaceAll("_", " ")}: order ${order.id.slice(0, 8)}`, body: `${text}\n\n${link(`/orgs/${m.slug}/disputes`)}` });
    }
    for (const a of await platformAdmins(db)) {
      await enqueueEmail(db, { to: a.email, userId: a.id, template: "admin_dispute_closed", subject: `Dispute ${d.status.replaceAll("_", " ")}`, body: text });
    }
  },
  /** A booking released without the seller's answer (about to lapse, or Stripe cancelled it): both parties are told. */
  async bookingLapsed(db: Database, order: OrderRow) {
    const buyer = await buyerOf(db, order.buyerUserId);
    if (buyer) {
      await enqueueEmail(db, {
        to: buyer.email,
        userId: buyer.id,
        template: "booking_released",
        subject: "Your booking was not confirmed",
        body: `The seller did not confirm your booking in time, so the authorisation on your card was released: you were not charged.\n\n${link(`/orders/${order.id}`)}`,
      });
    }
    for (const m of await sellerManagers(db, order.organisationId)) {
      await enqueueEmail(db, {
        to: m.email,
        userId: m.id,
        template: "seller_booking_released",
        subject: `Booking released: order ${order.id.slice(0, 8)}`,
        body: `Nobody confirmed the booking of ${buyer?.email ?? "a buyer"} before the card authorisation would lapse, so it was released and the slot is free again.\n\n${link(`/orgs/${m.slug}/orders/${order.id}`)}`,
      });
    }
  },
  /** The seller confirmed or declined: tell the seller's managers too (the buyer is told by bookings.ts). */
  async bookingAnswered(db: Database, order: OrderRow, confirmed: boolean) {
    for (const m of await sellerManagers(db, order.organisationId)) {
      await enqueueEmail(db, {
        to: m.email,
        userId: m.id,
        template: confirmed ? "seller_booking_confirmed" : "seller_booking_declined",
        subject: `Booking ${confirmed ? "confirmed" : "declined"}: order ${order.id.slice(0, 8)}`,
        body: confirmed ? `The booking was confirmed and ${money(order.amount, order.currency)} captured.` : "The booking was declined; the buyer's card authorisation was released and the slot is free again.",
      });
    }
  },
};
