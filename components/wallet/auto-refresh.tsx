"use client";
import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";

/** Refreshes the server component every `intervalMs` until `stopAfterMs`, then says so (for pending states). */
export function AutoRefresh({ intervalMs = 2000, stopAfterMs = 30_000 }: { intervalMs?: number; stopAfterMs?: number }) {
  const router = useRouter();
  const [stopped, setStopped] = useState(false);
  const [round, setRound] = useState(0);
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
  }, [router, intervalMs, stopAfterMs, round]);
  return (
    <div className="space-y-2">
      <p className="flex items-center gap-2 text-xs text-slate-600" aria-live="polite" data-testid="auto-refresh">
        {stopped ? null : <Spinner />}
        {stopped
          ? "Stripe hasn't confirmed it yet. Nothing is lost: the payment is recorded as soon as Stripe tells Plaza. Check again in a minute; if it's still waiting after an hour, contact the club with this page's address."
          : "Checking with Stripe every few seconds…"}
      </p>
      {stopped ? (
        <Button
          variant="secondary"
          onClick={() => {
            setStopped(false);
            setRound((n) => n + 1);
          }}
        >
          Check again
        </Button>
      ) : null}
    </div>
  );
}
