import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { formatMoney } from "@/lib/money";
import { embeddedCheckoutState } from "@/lib/payments/embedded-checkout";
import { checkoutSessionForUser } from "@/lib/payments/checkout-sessions";
import { EmbeddedCheckout } from "@/components/checkout/embedded-checkout";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";

export const metadata = { title: "Top up by card" };

export default async function EmbeddedTopUpPage({ searchParams }: { searchParams: Promise<{ session?: string | string[] }> }) {
  const sp = await searchParams;
  const sessionId = Array.isArray(sp.session) ? sp.session[0] : sp.session;
  const user = await guardPage(requireUser(), `/wallet/top-up/embedded${sessionId ? `?session=${encodeURIComponent(sessionId)}` : ""}`);
  if (!sessionId || !/^cs_[A-Za-z0-9_]+$/.test(sessionId)) notFound();
  const db = await getDb();
  // Only the member's own session: anyone else's is "not found".
  const stored = await checkoutSessionForUser(db, sessionId, user.id);
  if (!stored) notFound();

  const state = await embeddedCheckoutState(stored);

  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <PageHeader
        title="Top up by card"
        description={stored.amountTotal !== null && stored.currency ? `You're adding ${formatMoney({ amount: stored.amountTotal, currency: stored.currency })} to your wallet.` : undefined}
        actions={
          <ButtonLink href="/wallet" variant="secondary">
            Cancel
          </ButtonLink>
        }
      />
      <Card>
        {state.ok ? (
          <EmbeddedCheckout publishableKey={state.publishableKey} scriptUrl={state.scriptUrl} clientSecret={state.clientSecret} />
        ) : (
          <Alert tone="warning" testId="embedded-problem">
            {state.problem}
          </Alert>
        )}
      </Card>
    </div>
  );
}
