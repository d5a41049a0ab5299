"use client";
import { useEffect, useState } from "react";
import { EmbeddedCheckout as StripeEmbeddedCheckout, EmbeddedCheckoutProvider } from "@stripe/react-stripe-js";
import type { Stripe } from "@stripe/stripe-js";
import { loadStripe } from "@stripe/stripe-js/pure";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

const LOAD_FAILED = "Payments could not load. Check your connection and try again.";
/** After this long without Stripe.js, the page says so and offers a retry (nothing has been charged). */
const SLOW_AFTER_MS = 15_000;

/** The shape of the payment form while Stripe loads it: no tall blank card, and a spoken status. */
function CheckoutSkeleton({ slow, onRetry }: { slow: boolean; onRetry: () => void }) {
  return (
    <div className="space-y-4" data-testid="checkout-loading">
      <p role="status" className="flex items-center gap-2 text-sm text-slate-700">
        <span className="inline-block size-4 animate-spin rounded-full border-2 border-slate-300 border-t-brand-600" aria-hidden="true" />
        Loading secure payment form…
      </p>
      <div className="animate-pulse space-y-3" aria-hidden="true">
        <div className="h-4 w-1/3 rounded bg-slate-200" />
        <div className="h-10 rounded bg-slate-200" />
        <div className="h-10 rounded bg-slate-200" />
        <div className="grid grid-cols-2 gap-3">
          <div className="h-10 rounded bg-slate-200" />
          <div className="h-10 rounded bg-slate-200" />
        </div>
        <div className="h-11 rounded bg-slate-300" />
      </div>
      {slow ? (
        <div className="space-y-2" data-testid="checkout-slow">
          <Alert tone="warning">Stripe is taking longer than usual. Nothing has been charged: check your connection, then try again.</Alert>
          <Button variant="secondary" onClick={onRetry}>
            Try again
          </Button>
        </div>
      ) : null}
    </div>
  );
}

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
  const [slow, setSlow] = useState(false);
  const [frameReady, setFrameReady] = useState(false);
  const retry = () => {
    setState({ status: "loading" });
    setSlow(false);
    setAttempt((n) => n + 1);
  };

  useEffect(() => {
    if (state.status === "failed" || frameReady) return;
    const timer = window.setTimeout(() => setSlow(true), SLOW_AFTER_MS);
    return () => window.clearTimeout(timer);
  }, [state.status, frameReady, attempt]);

  // The checkout iframe paints itself once it has loaded; until then the skeleton stays in its place.
  useEffect(() => {
    if (state.status !== "ready") return;
    const root = document.querySelector<HTMLElement>("[data-testid='embedded-checkout']");
    const check = () => {
      const frame = root?.querySelector("iframe");
      if (!frame) return false;
      frame.addEventListener("load", () => setFrameReady(true), { once: true });
      // A load that happened before the listener: the frame is there, give it a moment, then show it anyway.
      window.setTimeout(() => setFrameReady(true), 3_000);
      return true;
    };
    if (check()) return;
    const observer = new MutationObserver(() => {
      if (check()) observer.disconnect();
    });
    if (root) observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [state.status]);

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
          <Button variant="secondary" onClick={retry}>
            Try again
          </Button>
        </div>
      ) : null}
      {state.status === "loading" ? <CheckoutSkeleton slow={slow} onRetry={retry} /> : null}
      {state.status === "ready" ? (
        <div className="relative">
          <EmbeddedCheckoutProvider stripe={state.stripe} options={{ clientSecret }}>
            <StripeEmbeddedCheckout className="min-h-[600px]" />
          </EmbeddedCheckoutProvider>
          {frameReady ? null : (
            <div className="pointer-events-none absolute inset-0 bg-white">
              <CheckoutSkeleton slow={slow} onRetry={retry} />
            </div>
          )}
        </div>
      ) : null}
    </div>
  );
}
