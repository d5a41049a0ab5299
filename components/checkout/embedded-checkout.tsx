"use client";
import { useEffect, useState } from "react";
import type { Stripe } from "@stripe/stripe-js";
import { loadStripe } from "@stripe/stripe-js/pure";
import { EmbeddedCheckout as StripeEmbeddedCheckout, EmbeddedCheckoutProvider } from "@stripe/react-stripe-js";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

const LOAD_FAILED = "Payments could not load. Check your connection and try again.";

/** Adds the Stripe.js script once (the emulator's shim offline, js.stripe.com otherwise) and resolves when loaded. */
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

/**
 * Stripe Embedded Checkout for a session the server created. The client secret comes from the server (never from
 * the URL); on completion Stripe sends the whole page to the session's return_url.
 */
export function EmbeddedCheckout({ publishableKey, scriptUrl, clientSecret }: { publishableKey: string; scriptUrl: string | null; clientSecret: string }) {
  const [stripe, setStripe] = useState<Promise<Stripe | null> | null>(null);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    const promise = (scriptUrl ? loadScript(scriptUrl) : Promise.resolve()).then(() => loadStripe(publishableKey));
    promise.then(
      (s) => {
        if (cancelled) return;
        if (!s) setFailed(true);
        else setStripe(Promise.resolve(s));
      },
      (e: unknown) => {
        console.error("[plaza] Stripe.js failed to load", e);
        if (!cancelled) setFailed(true);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [publishableKey, scriptUrl, attempt]);

  if (failed) {
    return (
      <div className="space-y-3">
        <Alert tone="error" testId="checkout-load-error">
          {LOAD_FAILED}
        </Alert>
        <Button
          variant="secondary"
          onClick={() => {
            setFailed(false);
            setAttempt((n) => n + 1);
          }}
        >
          Try again
        </Button>
      </div>
    );
  }
  if (!stripe) {
    return (
      <p className="py-10 text-center text-sm text-slate-500" role="status" data-testid="checkout-loading">
        Loading secure payment form…
      </p>
    );
  }
  return (
    <div data-testid="embedded-checkout">
      <EmbeddedCheckoutProvider stripe={stripe} options={{ clientSecret }}>
        <StripeEmbeddedCheckout />
      </EmbeddedCheckoutProvider>
    </div>
  );
}
