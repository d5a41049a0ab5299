"use client";
import { useEffect, useRef, useState } from "react";
import type { StripeEmbeddedCheckout } from "@stripe/stripe-js";
import { loadStripe } from "@stripe/stripe-js/pure";
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
 *
 * Mounted with Stripe.js's own `createEmbeddedCheckoutPage` (the call @stripe/react-stripe-js's
 * EmbeddedCheckoutProvider makes): the Provider first checks that the instance has createToken and
 * createPaymentMethod, which the offline emulator's Stripe.js shim does not define, and then never mounts
 * anything. Calling Stripe.js directly behaves the same with real Stripe.js and works offline.
 */
export function EmbeddedCheckout({ publishableKey, scriptUrl, clientSecret }: { publishableKey: string; scriptUrl: string | null; clientSecret: string }) {
  const container = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<"loading" | "mounted" | "failed">("loading");
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    let checkout: StripeEmbeddedCheckout | null = null;
    (async () => {
      if (scriptUrl) await loadScript(scriptUrl);
      const stripe = await loadStripe(publishableKey);
      if (!stripe) throw new Error("Stripe.js did not load");
      const created = await stripe.createEmbeddedCheckoutPage({ clientSecret });
      if (cancelled || !container.current) {
        created.destroy();
        return;
      }
      checkout = created;
      created.mount(container.current);
      setState("mounted");
    })().catch((e: unknown) => {
      console.error("[plaza] Stripe Embedded Checkout failed to load", e);
      if (!cancelled) setState("failed");
    });
    return () => {
      cancelled = true;
      checkout?.destroy();
    };
  }, [publishableKey, scriptUrl, clientSecret, attempt]);

  return (
    <div data-testid="embedded-checkout" data-state={state}>
      {state === "failed" ? (
        <div className="space-y-3">
          <Alert tone="error" testId="checkout-load-error">
            {LOAD_FAILED}
          </Alert>
          <Button
            variant="secondary"
            onClick={() => {
              setState("loading");
              setAttempt((n) => n + 1);
            }}
          >
            Try again
          </Button>
        </div>
      ) : null}
      {state === "loading" ? (
        <p className="py-10 text-center text-sm text-slate-500" role="status" data-testid="checkout-loading">
          Loading secure payment form…
        </p>
      ) : null}
      <div ref={container} className={state === "mounted" ? "min-h-[600px]" : "hidden"} />
    </div>
  );
}
