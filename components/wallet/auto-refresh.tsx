"use client";
import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";

/** Refreshes the server component every `intervalMs` until `stopAfterMs`, then says so (for pending states). */
export function AutoRefresh({ intervalMs = 2000, stopAfterMs = 30_000 }: { intervalMs?: number; stopAfterMs?: number }) {
  const router = useRouter();
  const [stopped, setStopped] = useState(false);
  useEffect(() => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (Date.now() - started >= stopAfterMs) {
        clearInterval(timer);
        setStopped(true);
        return;
      }
      router.refresh();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [router, intervalMs, stopAfterMs]);
  return (
    <p className="text-xs text-slate-500" aria-live="polite" data-testid="auto-refresh">
      {stopped ? "Still waiting for Stripe. Reload this page in a minute to check again." : "Checking with Stripe every few seconds…"}
    </p>
  );
}
