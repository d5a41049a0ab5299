"use server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { ORG_MANAGERS, requireOrgRole } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { bookedOrder, confirmBooking, declineBooking } from "@/lib/marketplace/bookings";
import { stateFromError, type ActionState } from "@/components/forms/action-state";

/** The seller confirms (captures) or declines (releases) a booked service, after the review step. */
export async function bookingAnswerAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const slug = String(formData.get("slug") ?? "");
  const orderId = String(formData.get("orderId") ?? "");
  try {
    const { organisation } = await requireOrgRole(slug, ORG_MANAGERS);
    const db = await getDb();
    const { order, sellerSlug } = await bookedOrder(db, orderId);
    if (sellerSlug !== organisation.slug) throw new AppError("order_not_found", "No such order.");
    const confirm = formData.get("decision") === "confirm";
    if (confirm) await confirmBooking(db, order);
    else await declineBooking(db, order);
    revalidatePath(`/orgs/${slug}/orders/${orderId}`);
    return { success: confirm ? "Booking confirmed: the payment was captured." : "Booking declined: the authorisation was released." };
  } catch (e) {
    return stateFromError(e, {});
  }
}
