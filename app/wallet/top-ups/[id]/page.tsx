import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { formatMoney } from "@/lib/money";
import { walletBalance } from "@/lib/wallet/accounts";
import { commandResultOf } from "@/lib/wallet/commands";
import { getTopUpForUser } from "@/lib/wallet/top-ups";
import { syncReturnedCheckoutAction } from "../../actions";
import { StripeWait } from "@/components/ui/stripe-wait";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { formatDate } from "@/lib/dates";

const STRIPE_LATER = "We couldn't reach Stripe just now; your payment is confirmed as soon as Stripe tells us.";

export const metadata = { title: "Top-up" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function paymentName(route: string | null): string {
  return route === "iou_payment" ? "payment to your club" : route === "member_transfer" ? "transfer" : "payment";
}

export default async function TopUpReturnPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ session_id?: string | string[] }> }) {
  const { id } = await params;
  const user = await guardPage(requireUser(), `/wallet/top-ups/${id}`);
  if (!UUID.test(id)) notFound();
  const db = await getDb();
  const topUp = await getTopUpForUser(db, id, user.id);
  if (!topUp) notFound();

  // Back from Stripe: once rendered, the page asks the server to settle this top-up's own session (a GET
  // never writes); the webhook settles it too, whichever comes first.
  const sp = await searchParams;
  const sessionParam = Array.isArray(sp.session_id) ? sp.session_id[0] : sp.session_id;
  const syncing = topUp.status === "pending" && topUp.checkoutSessionId && sessionParam === topUp.checkoutSessionId ? topUp.checkoutSessionId : null;

  const amount = formatMoney({ amount: topUp.amount, currency: topUp.currency });
  const balance = await walletBalance(db, user.id);
  const callback = commandResultOf(topUp.callbackResult);
  const what = paymentName(topUp.callbackRoute);

  return (
    <div className="mx-auto max-w-xl space-y-6">
      <PageHeader title={topUp.kind === "shortfall" ? "Card payment" : "Top-up"} description={`Started ${formatDate(topUp.createdAt)}`} />
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
              This page updates by itself. If you closed Stripe&apos;s page without paying, nothing was charged.
            </p>
            <StripeWait sync={syncing ? { arg: syncing, action: syncReturnedCheckoutAction, failureText: STRIPE_LATER } : undefined} progressText="Confirming with Stripe…" />
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
