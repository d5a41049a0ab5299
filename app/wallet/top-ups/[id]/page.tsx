import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { formatMoney } from "@/lib/money";
import { walletBalance } from "@/lib/wallet/accounts";
import type { CallbackResult } from "@/lib/wallet/callbacks";
import { syncCheckoutSession } from "@/lib/wallet/fulfilment";
import { getTopUpForUser } from "@/lib/wallet/top-ups";
import { AutoRefresh } from "@/components/wallet/auto-refresh";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";

export const metadata = { title: "Top-up" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function callbackResultOf(value: unknown): CallbackResult | null {
  if (typeof value !== "object" || value === null || !("status" in value)) return null;
  if (value.status === "done" && "ledgerTransactionId" in value && typeof value.ledgerTransactionId === "number") return { status: "done", ledgerTransactionId: value.ledgerTransactionId };
  if (value.status === "failed") {
    const code = "code" in value && typeof value.code === "string" ? value.code : "failed";
    const message = "message" in value && typeof value.message === "string" ? value.message : "The payment could not be made.";
    return { status: "failed", code, message };
  }
  return null;
}

function paymentName(route: string | null): string {
  return route === "iou_payment" ? "payment to your club" : route === "member_transfer" ? "transfer" : "payment";
}

export default async function TopUpReturnPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ session_id?: string | string[] }> }) {
  const { id } = await params;
  const user = await guardPage(requireUser(), `/wallet/top-ups/${id}`);
  if (!UUID.test(id)) notFound();
  const db = await getDb();
  let topUp = await getTopUpForUser(db, id, user.id);
  if (!topUp) notFound();

  // Settle the session now instead of waiting for the webhook: the same idempotent fulfilment runs either way.
  // Only this top-up's own session is synced, whatever the query string says.
  const sp = await searchParams;
  const sessionParam = Array.isArray(sp.session_id) ? sp.session_id[0] : sp.session_id;
  let syncFailed = false;
  if (topUp.status === "pending" && topUp.checkoutSessionId && sessionParam === topUp.checkoutSessionId) {
    try {
      await syncCheckoutSession(db, topUp.checkoutSessionId);
      topUp = (await getTopUpForUser(db, id, user.id)) ?? topUp;
    } catch (e) {
      console.error("[plaza] could not sync checkout session", topUp.checkoutSessionId, e);
      syncFailed = true;
    }
  }

  const amount = formatMoney({ amount: topUp.amount, currency: topUp.currency });
  const balance = await walletBalance(db, user.id);
  const callback = callbackResultOf(topUp.callbackResult);
  const what = paymentName(topUp.callbackRoute);

  return (
    <div className="mx-auto max-w-xl space-y-6">
      <PageHeader title={topUp.kind === "shortfall" ? "Card payment" : "Top-up"} description={`Started ${topUp.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC`} />
      <Card>
        {topUp.status === "succeeded" ? (
          <div className="space-y-4">
            <p className="text-2xl font-bold text-emerald-700" data-testid="top-up-status" data-status="succeeded">
              {amount} added
            </p>
            <p className="text-sm text-slate-700">
              Your balance is now <span className="font-semibold" data-testid="wallet-balance">{formatMoney(balance)}</span>.
            </p>
            {topUp.callbackRoute ? (
              callback?.status === "done" ? (
                <Alert tone="success" title="Payment complete" testId="callback-result">
                  The {what} you started has been paid from your wallet.
                </Alert>
              ) : callback?.status === "failed" ? (
                <Alert tone="warning" title="The original payment did not go through" testId="callback-result">
                  {callback.message} The {amount} stays in your wallet; you can use it or send it again.
                </Alert>
              ) : (
                <Alert tone="info" testId="callback-result">
                  Finishing the {what} you started…
                </Alert>
              )
            ) : null}
          </div>
        ) : topUp.status === "pending" ? (
          <div className="space-y-3">
            <p className="text-xl font-semibold text-slate-900" data-testid="top-up-status" data-status="pending">
              Waiting for Stripe to confirm your payment of {amount}
            </p>
            <p className="text-sm text-slate-600">
              {syncFailed ? "We couldn't reach Stripe just now. " : ""}This page updates by itself. If you closed Stripe&apos;s page without paying, nothing was charged.
            </p>
            <AutoRefresh />
          </div>
        ) : (
          <div className="space-y-3">
            <p className="text-xl font-semibold text-red-700" data-testid="top-up-status" data-status={topUp.status}>
              {topUp.status === "expired" ? `The payment of ${amount} expired` : `The payment of ${amount} failed`}
            </p>
            <p className="text-sm text-slate-700">
              {topUp.failureMessage ?? "Your card was not charged."} Nothing was added to your wallet
              {topUp.callbackRoute ? ` and the ${what} was not made` : ""}. Start again from your wallet, with another card if needed.
            </p>
          </div>
        )}
      </Card>
      <div className="flex flex-wrap gap-3">
        <ButtonLink href="/wallet">Back to wallet</ButtonLink>
        <ButtonLink href="/wallet/statement" variant="secondary">
          Statement
        </ButtonLink>
      </div>
    </div>
  );
}
