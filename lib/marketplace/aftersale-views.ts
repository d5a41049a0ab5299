import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { orderRefunds, orders, users } from "@/db/schema";
import { orderNotFound, type OrderRow } from "./orders";

/** One order of the seller organisation with its buyer's email (404 order_not_found for any other). */
export async function sellerOrder(db: Database, organisationId: string, orderId: string): Promise<{ order: OrderRow; buyerEmail: string }> {
  if (!z.uuid().safeParse(orderId).success) throw orderNotFound();
  const [row] = await db
    .select({ order: orders, email: users.email })
    .from(orders)
    .innerJoin(users, eq(users.id, orders.buyerUserId))
    .where(and(eq(orders.id, orderId), eq(orders.organisationId, organisationId)));
  if (!row) throw orderNotFound();
  return { order: row.order, buyerEmail: row.email };
}

export interface RefundListItem {
  id: string;
  orderId: string;
  amount: number;
  currency: string;
  feeRefunded: number;
  status: string;
  source: "plaza" | "stripe";
  reason: string;
  buyerEmail: string;
  createdAt: string;
}

/** The organisation's refunds, newest first (the disputes page's refunds list). */
export async function organisationRefunds(db: Database, organisationId: string, limit = 200): Promise<RefundListItem[]> {
  const rows = await db
    .select({ r: orderRefunds, email: users.email })
    .from(orderRefunds)
    .innerJoin(orders, eq(orders.id, orderRefunds.orderId))
    .innerJoin(users, eq(users.id, orders.buyerUserId))
    .where(eq(orders.organisationId, organisationId))
    .orderBy(desc(orderRefunds.createdAt))
    .limit(limit);
  return rows.map(({ r, email }) => ({
    id: r.stripeRefundId ?? r.id,
    orderId: r.orderId,
    amount: r.amount,
    currency: r.currency,
    feeRefunded: r.feeRefunded,
    status: r.status,
    source: r.source,
    reason: r.reason,
    buyerEmail: email,
    createdAt: r.createdAt.toISOString(),
  }));
}
