"use client";
import { useEffect, useState } from "react";
import { EmbeddedCheckout as StripeEmbeddedCheckout, EmbeddedCheckoutProvider } from "@stripe/react-stripe-js";
import type { Stripe } from "@stripe/stripe-js";
import { loadStripe } from "@stripe/stripe-js/pure";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

const LOAD_FAILED = "Payments could not load. Check your connection and try again.";

/**
 * Adds the Stripe.js script once and resolves when it has loaded. Offline this is the Stripe emulator's
 * stand-in; `@stripe/stripe-js/pure` then finds `window.Stripe` and never reaches for js.stripe.com.
 */
function loadScript(src: string): Promise<void> {
  if (typeof window !== "undefined" && "Stripe" in window) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const existing = document.querySelector<HTMLScriptElement>(`script[data-plaza-stripe="${CSS.escape(src)}"]`);
    const script = existing ?? document.createElement("script");
    script.addEventListener("load", () => resolve());
    script.addEventListener("error", () => {
      script.remove();
      reject(new Error(`Could not load ${src}`));
    });
    if (!existing) {
      script.src = src;
      script.async = true;
      script.dataset.plazaStripe = src;
      document.head.appendChild(script);
    }
  });
}

type LoadState = { status: "loading" } | { status: "ready"; stripe: Stripe } | { status: "failed" };

/**
 * Stripe Embedded Checkout, rendered by @stripe/react-stripe-js, for a session the server created. The client
 * secret comes from the server (never from the URL); on completion Stripe sends the page to the session's
 * return_url, where the same fulfilment as the webhook runs.
 */
export function EmbeddedCheckout({ publishableKey, scriptUrl, clientSecret, stripeAccount = null }: { publishableKey: string; scriptUrl: string | null; clientSecret: string; stripeAccount?: string | null }) {
  const [state, setState] = useState<LoadState>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      if (scriptUrl) await loadScript(scriptUrl);
      // A session on a connected account (a direct charge) is mounted with that account.
      const stripe = await loadStripe(publishableKey, stripeAccount ? { stripeAccount } : undefined);
      if (!stripe) throw new Error("Stripe.js did not load");
      if (!cancelled) setState({ status: "ready", stripe });
    })().catch((e: unknown) => {
      console.error("[plaza] Stripe Embedded Checkout failed to load", e);
      if (!cancelled) setState({ status: "failed" });
    });
    return () => {
      cancelled = true;
    };
  }, [publishableKey, scriptUrl, stripeAccount, attempt]);

  return (
    <div data-testid="embedded-checkout" data-state={state.status}>
      {state.status === "failed" ? (
        <div className="space-y-3">
          <Alert tone="error" testId="checkout-load-error">
            {LOAD_FAILED}
          </Alert>
          <Button
            variant="secondary"
            onClick={() => {
              setState({ status: "loading" });
              setAttempt((n) => n + 1);
            }}
          >
            Try again
          </Button>
        </div>
      ) : null}
      {state.status === "loading" ? (
        <p className="py-10 text-center text-sm text-slate-500" role="status" data-testid="checkout-loading">
          Loading secure payment form…
        </p>
      ) : null}
      {state.status === "ready" ? (
        <EmbeddedCheckoutProvider stripe={state.stripe} options={{ clientSecret }}>
          <StripeEmbeddedCheckout className="min-h-[600px]" />
        </EmbeddedCheckoutProvider>
      ) : null}
    </div>
  );
}
