"use client";
import { StripeWait } from "@/components/ui/stripe-wait";

/** Re-renders a pending page until Stripe's answer is recorded, then says what to do (see StripeWait). */
export function AutoRefresh({ intervalMs = 2000, stopAfterMs = 30_000 }: { intervalMs?: number; stopAfterMs?: number }) {
  return <StripeWait intervalMs={intervalMs} timeoutMs={stopAfterMs} testId="auto-refresh" />;
}
