import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { env } from "@/lib/env";
import { formatMoney } from "@/lib/money";
import { publishableKey, stripe } from "@/lib/stripe/client";
import { checkoutSessionForUser } from "@/lib/wallet/queries";
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

  let problem: string | null = null;
  let clientSecret: string | null = null;
  if (stored.status !== "open") {
    problem = stored.status === "complete" ? "This payment is already complete." : "This checkout has expired. Start a new top-up from your wallet.";
  } else {
    try {
      const session = await stripe().checkout.sessions.retrieve(sessionId);
      if (session.status !== "open") problem = session.status === "complete" ? "This payment is already complete." : "This checkout has expired. Start a new top-up from your wallet.";
      else if (!session.client_secret) problem = "This checkout can't be shown on this page. Start a new top-up and choose Stripe's payment page.";
      else clientSecret = session.client_secret;
    } catch (e) {
      console.error("[plaza] could not retrieve checkout session", sessionId, e);
      problem = "We couldn't reach Stripe just now. Reload the page to try again.";
    }
  }

  const e = env();
  const scriptUrl = e.stripeMode === "emulator" ? `${e.emulatorUrl}/js/stripe.js` : null;
  const key = clientSecret ? await publishableKey() : null;

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
        {problem || !clientSecret || !key ? (
          <Alert tone="warning" testId="embedded-problem">
            {problem ?? "This checkout is not available."}
          </Alert>
        ) : (
          <EmbeddedCheckout publishableKey={key} scriptUrl={scriptUrl} clientSecret={clientSecret} />
        )}
      </Card>
    </div>
  );
}
