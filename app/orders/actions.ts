"use server";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { abandonCheckout } from "@/lib/marketplace/checkout";
import { buyerOrderBySession } from "@/lib/marketplace/orders";
import { syncOrderCheckout } from "@/lib/marketplace/sync";

/**
 * Back from Checkout: the order page calls this once it has rendered (a GET never writes). The settlement is
 * the webhook's own, so whichever comes first fulfils the order once.
 */
export async function syncOrderAction(sessionId: string): Promise<{ ok: boolean }> {
  const user = await requireUser();
  const db = await getDb();
  const order = await buyerOrderBySession(db, sessionId, user.id);
  if (!order) return { ok: false };
  if (order.status !== "awaiting_payment") return { ok: true };
  try {
    await syncOrderCheckout(db, order);
    return { ok: true };
  } catch (e) {
    console.error("[plaza] could not sync the order's checkout", sessionId, e instanceof Error ? e.message : e);
    return { ok: false };
  }
}

/** The buyer cancels an unpaid order: its places go back on sale. */
export async function cancelOrderAction(formData: FormData): Promise<void> {
  const user = await requireUser();
  const orderId = String(formData.get("orderId") ?? "");
  await abandonCheckout(await getDb(), user.id, orderId);
  redirect(`/orders/${encodeURIComponent(orderId)}`);
}
