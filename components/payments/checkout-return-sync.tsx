"use client";
import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";

/**
 * Back from Stripe: asks the server, once the page has rendered, to settle the Checkout Session now (the
 * webhook would do it too), then shows the page again with the result.
 */
export function CheckoutReturnSync({ sessionId, sync }: { sessionId: string; sync: (sessionId: string) => Promise<{ ok: boolean }> }) {
  const router = useRouter();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    sync(sessionId)
      .then((r) => {
        if (!live) return;
        if (!r.ok) setFailed(true);
        router.refresh();
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [sessionId, sync, router]);
  return failed ? (
    <p className="text-sm text-amber-800" role="status" data-testid="checkout-sync-failed">
      We couldn&apos;t reach Stripe just now; your payment is confirmed as soon as Stripe tells us.
    </p>
  ) : null;
}
