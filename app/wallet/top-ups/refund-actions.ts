"use server";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { requireRole, requireUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { refundTopUpToCard } from "@/lib/payments/top-up-refunds";
import { walletCurrency } from "@/lib/wallet/accounts";
import { topUpRefundRequest } from "@/lib/wallet/top-up-refunds";
import { parseForm, stateFromError, type ActionState } from "@/components/forms/action-state";

function topUpIdOf(formData: FormData): string {
  const id = formData.get("topUpId");
  if (typeof id !== "string" || id.length === 0 || id.length > 100) throw new AppError("not_found", "There is no such top-up.");
  return id;
}

/** The member's confirmed refund of a top-up to its card (the same input contract as the JSON API). */
export async function refundTopUpAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  let refundId: string;
  try {
    const user = await requireUser();
    const { amount } = parseForm(topUpRefundRequest, formData, { money: { fields: ["amount"], currency: walletCurrency() } });
    const refund = await refundTopUpToCard(await getDb(), { topUpId: topUpIdOf(formData), actor: { id: user.id, asAdmin: false }, amount });
    refundId = refund.id;
  } catch (e) {
    return stateFromError(e, {});
  }
  redirect(`/wallet/top-ups?refunded=${encodeURIComponent(refundId)}`);
}

/** A platform admin's confirmed refund of a member's top-up. */
export async function adminRefundTopUpAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  let target: string;
  try {
    const admin = await requireRole("platform_admin");
    const { amount } = parseForm(topUpRefundRequest, formData, { money: { fields: ["amount"], currency: walletCurrency() } });
    const refund = await refundTopUpToCard(await getDb(), { topUpId: topUpIdOf(formData), actor: { id: admin.id, asAdmin: true }, amount });
    target = `/admin/top-ups?user=${encodeURIComponent(refund.userId)}&refunded=${encodeURIComponent(refund.id)}`;
  } catch (e) {
    return stateFromError(e, {});
  }
  redirect(target);
}
