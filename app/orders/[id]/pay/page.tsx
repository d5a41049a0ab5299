import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { isAppError } from "@/lib/errors";
import { formatMoney } from "@/lib/money";
import { buyerOrder } from "@/lib/marketplace/orders";
import { orderEmbeddedCheckout } from "@/lib/marketplace/sync";
import { EmbeddedCheckout } from "@/components/checkout/embedded-checkout";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";

export const dynamic = "force-dynamic";
export const metadata = { title: "Pay" };

/** Embedded Checkout for one of the buyer's orders. */
export default async function PayOrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await guardPage(requireUser(), `/orders/${id}/pay`);
  const order = await buyerOrder(await getDb(), id, user.id).catch((e: unknown) => {
    if (isAppError(e) && e.code === "order_not_found") notFound();
    throw e;
  });
  const state = await orderEmbeddedCheckout(order);
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <PageHeader
        title="Pay"
        description={`You're paying ${formatMoney({ amount: order.amount, currency: order.currency })}.`}
        actions={
          <ButtonLink href={`/orders/${order.id}`} variant="secondary">
            Back to the order
          </ButtonLink>
        }
      />
      <Card>
        {state.ok ? (
          <EmbeddedCheckout publishableKey={state.publishableKey} scriptUrl={state.scriptUrl} clientSecret={state.clientSecret} stripeAccount={state.stripeAccount} />
        ) : (
          <Alert tone="warning" testId="embedded-problem">
            {state.problem}
          </Alert>
        )}
      </Card>
    </div>
  );
}
