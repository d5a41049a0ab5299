"use server";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { chargeOrder } from "@/lib/marketplace/charge";
import { abandonCheckout, startCheckout, type CheckoutRequest } from "@/lib/marketplace/checkout";
import { stateFromError, type ActionState } from "@/components/forms/action-state";

/** The buy form's fields as the checkout contract's body (the same schema as POST /api/checkout parses it). */
function checkoutInput(formData: FormData): CheckoutRequest {
  const slotId = formData.get("slotId");
  const quantity = Number(formData.get("quantity") ?? 1);
  return {
    articles: [{ articleId: String(formData.get("articleId") ?? ""), quantity: Number.isFinite(quantity) ? quantity : 1, ...(typeof slotId === "string" && slotId ? { slotId } : {}) }],
    uiMode: formData.get("uiMode") === "embedded" ? "embedded" : "hosted",
  };
}

/** Buy by card: hosted goes to Stripe's page, embedded to the order's page that mounts Checkout. */
export async function buyAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  let target: string;
  const listingId = String(formData.get("articleId") ?? "");
  try {
    const user = await requireUser();
    const input = checkoutInput(formData);
    const checkout = await startCheckout(await getDb(), user, input);
    if (checkout.sessionId === null) target = `/orders/${checkout.orderId}`; // free: fulfilled already
    else if (input.uiMode === "embedded") target = `/orders/${checkout.orderId}/pay`;
    else if (checkout.url) target = checkout.url;
    else throw new AppError("stripe_unavailable", "Stripe did not return a payment page. Try again in a moment.");
  } catch (e) {
    if (e instanceof AppError && e.code === "unauthenticated") redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/listings/${listingId}`)}`);
    return stateFromError(e, {});
  }
  redirect(target);
}

/** Pay from the wallet: an order, charged at once from the wallet through the charge API; a refusal cancels it. */
export async function payFromWalletAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  let target: string;
  const listingId = String(formData.get("articleId") ?? "");
  try {
    const user = await requireUser();
    const db = await getDb();
    const checkout = await startCheckout(db, user, { ...checkoutInput(formData), uiMode: "hosted" });
    if (checkout.sessionId === null) redirect(`/orders/${checkout.orderId}`); // free: fulfilled already
    try {
      await chargeOrder(db, user, checkout.orderId, { wallet: true });
    } catch (e) {
      await abandonCheckout(db, user.id, checkout.orderId);
      throw e;
    }
    target = `/orders/${checkout.orderId}`;
  } catch (e) {
    if (e instanceof AppError && e.code === "unauthenticated") redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/listings/${listingId}`)}`);
    return stateFromError(e, {});
  }
  redirect(target);
}

/** Buy by card on Plaza's own page (embedded Checkout). */
export async function buyEmbeddedAction(prev: ActionState, formData: FormData): Promise<ActionState> {
  formData.set("uiMode", "embedded");
  return buyAction(prev, formData);
}
