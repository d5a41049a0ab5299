"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { env } from "@/lib/env";
import { AppError, isAppError } from "@/lib/errors";
import { formatMoney } from "@/lib/money";
import { startAutoTopUpSetup } from "@/lib/payments/auto-top-up";
import { syncCheckoutSession } from "@/lib/payments/settle";
import { startTopUpCheckout } from "@/lib/payments/top-ups";
import { payIou, transferToMember } from "@/lib/payments/wallet-payments";
import { walletCurrency } from "@/lib/wallet/accounts";
import { autoTopUpRequest, setAutoTopUpAmount, turnOffAutoTopUp } from "@/lib/wallet/auto-top-up";
import { checkoutSessionForUser } from "@/lib/payments/checkout-sessions";
import { updateWalletSettings } from "@/lib/wallet/settings";
import { topUpRequest } from "@/lib/wallet/top-ups";
import { transferRequest } from "@/lib/wallet/transfers";
import { FieldError, formValues, parseForm, stateFromError, type ActionState } from "@/components/forms/action-state";

/** The configured top-up limits, in words a person reads (the library's message speaks in minor units). */
function topUpRangeMessage(): string {
  const { WALLET_TOP_UP_MIN: min, WALLET_TOP_UP_MAX: max } = env();
  const currency = walletCurrency();
  return `Choose an amount between ${formatMoney({ amount: min, currency })} and ${formatMoney({ amount: max, currency })}.`;
}

function withRangeMessage(e: unknown): unknown {
  return isAppError(e) && e.code === "amount_out_of_range" ? new FieldError("amount", topUpRangeMessage()) : e;
}

function money() {
  return { fields: ["amount"], currency: walletCurrency() };
}

/** Starts a card top-up: hosted goes to Stripe's page, embedded to Plaza's page that mounts Checkout. */
export async function startTopUpAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData, ["amount", "uiMode"]);
  let target: string;
  try {
    const user = await requireUser();
    const { amount, uiMode } = parseForm(topUpRequest, formData, { money: money() });
    const checkout = await startTopUpCheckout(await getDb(), { user, amount, uiMode, kind: "manual" });
    if (uiMode === "embedded") target = `/wallet/top-up/embedded?session=${encodeURIComponent(checkout.sessionId)}`;
    else if (checkout.url) target = checkout.url;
    else throw new AppError("stripe_unavailable", "Stripe did not return a payment page. Try again in a moment.");
  } catch (e) {
    return stateFromError(withRangeMessage(e), values);
  }
  redirect(target);
}

/** Member-to-member transfer; when the balance is short, the browser goes to Checkout for the shortfall. */
export async function transferAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData, ["toEmail", "amount", "description"]);
  let target: string | null = null;
  let success: string;
  try {
    const user = await requireUser();
    const { toEmail, amount, description } = parseForm(transferRequest, formData, {
      money: money(),
      messages: { toEmail: "Enter the recipient's email address, like name@example.com." },
    });
    const outcome = await transferToMember(await getDb(), { from: user, toEmail, amount, description: description || "Transfer", mode: "interactive", uiMode: "hosted" });
    if (outcome.status === "requires_checkout") {
      if (!outcome.checkout.url) throw new AppError("stripe_unavailable", "Stripe did not return a payment page. Try again in a moment.");
      target = outcome.checkout.url;
    }
    success = `Sent ${formatMoney({ amount, currency: walletCurrency() })} to ${toEmail}.`;
  } catch (e) {
    return stateFromError(e, values);
  }
  if (target) redirect(target);
  revalidatePath("/wallet");
  return { success };
}

/** Pays an IOU: from the balance (after any auto top-up), else Checkout for the shortfall. */
export async function payIouAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const iouId = String(formData.get("iouId") ?? "");
  let target: string | null = null;
  try {
    const user = await requireUser();
    const outcome = await payIou(await getDb(), user, iouId, { mode: "interactive", uiMode: "hosted" });
    if (outcome.status === "requires_checkout") {
      if (!outcome.checkout.url) throw new AppError("stripe_unavailable", "Stripe did not return a payment page. Try again in a moment.");
      target = outcome.checkout.url;
    }
  } catch (e) {
    return stateFromError(e, {});
  }
  // The IOU leaves the list once paid, so the confirmation is shown by the page (?paid_iou=).
  redirect(target ?? `/wallet?paid_iou=${encodeURIComponent(iouId)}`);
}

/** Saving a card for automatic top-ups: Checkout in setup mode (hosted). */
export async function saveCardAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData, ["amount"]);
  let target: string;
  try {
    const user = await requireUser();
    const { amount } = parseForm(autoTopUpRequest, formData, { money: money() });
    const checkout = await startAutoTopUpSetup(await getDb(), user, { amount, uiMode: "hosted" });
    if (!checkout.url) throw new AppError("stripe_unavailable", "Stripe did not return a page to save your card. Try again in a moment.");
    target = checkout.url;
  } catch (e) {
    return stateFromError(withRangeMessage(e), values);
  }
  redirect(target);
}

export async function changeAutoTopUpAmountAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData, ["amount"]);
  try {
    const user = await requireUser();
    const { amount } = parseForm(autoTopUpRequest, formData, { money: money() });
    await setAutoTopUpAmount(await getDb(), user.id, amount);
    revalidatePath("/wallet");
    return { success: `Automatic top-ups will add ${formatMoney({ amount, currency: walletCurrency() })} at a time.`, values };
  } catch (e) {
    return stateFromError(withRangeMessage(e), values);
  }
}

export async function turnOffAutoTopUpAction(): Promise<ActionState> {
  try {
    const user = await requireUser();
    await turnOffAutoTopUp(await getDb(), user.id);
  } catch (e) {
    return stateFromError(e, {});
  }
  revalidatePath("/wallet");
  return { success: "Automatic top-up is off. Your saved card will not be charged." };
}

export async function lowBalanceWarningsAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const enabled = formData.get("enabled") === "true";
  try {
    const user = await requireUser();
    await updateWalletSettings(await getDb(), user.id, { lowBalanceWarnings: enabled });
  } catch (e) {
    return stateFromError(e, {});
  }
  revalidatePath("/wallet");
  return { success: enabled ? "We'll email you when your balance runs low." : "Low-balance emails are off." };
}

/**
 * Back from Stripe's page: settles the member's own Checkout Session now rather than waiting for the webhook.
 * The page calls this after it has rendered (a GET never writes); the settlement is idempotent, so it does
 * not matter whether the webhook got there first.
 */
export async function syncReturnedCheckoutAction(sessionId: string): Promise<{ ok: boolean }> {
  const user = await requireUser();
  const db = await getDb();
  const own = await checkoutSessionForUser(db, sessionId, user.id);
  if (!own) return { ok: false };
  if (own.status !== "open") return { ok: true };
  try {
    await syncCheckoutSession(db, sessionId);
    return { ok: true };
  } catch (e) {
    console.error("[plaza] could not sync the returned checkout session", sessionId, e instanceof Error ? e.message : e);
    return { ok: false };
  }
}
