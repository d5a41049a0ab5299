/**
 * Refunds made in Plaza (POST /api/orders/{id}/refunds, by the seller's owner): partial or full, of card and
 * wallet orders that no operation outside Plaza touched. The refund is decided in one transaction and made at
 * Stripe after the commit; the operation waits until Plaza records it as succeeded.
 */
import { sql } from "drizzle-orm";
import { waitFor } from "./cluster";
import type { Operation } from "./operations";

export const plazaRefund: Operation = {
  name: "refund_in_plaza",
  weight: 8,
  async run(ctx, c, r, key) {
    const card = c.paidCardOrders.filter((o) => o.refunded === 0 && !o.disputed && o.plazaRefunded < o.amount);
    const wallet = c.paidWalletOrders.filter((o) => o.plazaRefunded < o.amount);
    const pool = [...card, ...wallet];
    if (!pool.length) return "nothing to refund";
    const o = r.pick(pool);
    const left = o.amount - o.plazaRefunded;
    const amount = r.next() < 0.4 ? left : Math.max(1, Math.floor(left / r.int(2, 4)));
    const seller = c.sellers.find((s) => s.slug === o.sellerSlug)!;
    const out = await seller.owner.session.json<{ refund: { id: string } }>("POST", `/api/orders/${o.orderId}/refunds`, { amount, reason: `chaos ${key}`, requestId: `chaos-${key}` });
    o.plazaRefunded += amount;
    await waitFor(`refund ${out.refund.id} succeeded`, async () => {
      const rows = (await ctx.db.execute(sql`select status from order_refunds where id = ${out.refund.id} or stripe_refund_id = ${out.refund.id}`)).rows as { status: string }[];
      return rows[0]?.status === "succeeded";
    }, ctx.waitTimeoutMs, 200);
    return `refunded ${amount} in Plaza`;
  },
};
