"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { abandonCheckout } from "@/lib/marketplace/checkout";
import { buyerOrderBySession } from "@/lib/marketplace/orders";
import { syncOrderCheckout } from "@/lib/marketplace/sync";
import { orderForRefund, refundOrder, refundRequest } from "@/lib/marketplace/refunds";
import { parseWith } from "@/lib/http/respond";
import { safeReturnPath } from "@/lib/http/redirects";
import { formatMoney } from "@/lib/money";
import { amountFromForm, formValues, stateFromError, type ActionState } from "@/components/forms/action-state";

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

/**
 * The order pages' refund (buyer and seller alike), after the review step: the refund contract's own schema
 * (`refundRequest`), the amount typed in major units (empty: everything still refundable), the form's request
 * id as the idempotency key, so a double submit refunds once.
 */
export async function refundOrderAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData, ["amount", "reason", "requestId"]);
  const orderId = String(formData.get("orderId") ?? "");
  const back = safeReturnPath(formData.get("back"), `/orders/${encodeURIComponent(orderId)}`);
  try {
    const user = await requireUser();
    const db = await getDb();
    const order = await orderForRefund(db, orderId);
    const typed = String(formData.get("amount") ?? "").trim();
    const body = parseWith(refundRequest, {
      ...(typed ? { amount: amountFromForm(formData, "amount", order.currency) } : {}),
      ...(String(formData.get("reason") ?? "").trim() ? { reason: String(formData.get("reason")).trim() } : {}),
      requestId: String(formData.get("requestId") ?? "") || undefined,
    });
    const out = await refundOrder(db, user, orderId, body);
    revalidatePath(back);
    return { success: `Refund of ${formatMoney({ amount: out.refund.amount, currency: order.currency })} ${out.refund.status === "succeeded" ? "made" : out.refund.status === "pending" ? "on its way" : out.refund.status}.` };
  } catch (e) {
    return stateFromError(e, values);
  }
}
