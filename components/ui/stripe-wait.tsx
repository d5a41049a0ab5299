"use client";
import { useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { Button } from "./button";
import { Spinner } from "./spinner";

/** What to tell people when Stripe (or its webhook) has not answered in time; pages may say more. */
export const STRIPE_WAIT_TIMEOUT_TEXT =
  "Stripe hasn't confirmed it yet. Nothing is lost: the payment is recorded as soon as Stripe tells Plaza. Check again in a minute; if it's still waiting after an hour, contact the club with this page's address.";

export interface StripeWaitSync {
  /** Passed to `action` (a checkout session id, an order id...). */
  arg: string;
  /** A server action that settles or re-reads what Stripe did (a GET render never writes). */
  action: (arg: string) => Promise<{ ok: boolean }>;
  /** Shown when the action fails or answers `ok: false` (the wait goes on: the webhook may still arrive). */
  failureText: string;
}

/**
 * The one way a page waits for Stripe or a webhook: a spinner with a spoken progress message, the server
 * component re-rendered every `intervalMs` (so the page shows the result as soon as it is recorded), and after
 * `timeoutMs` a message that says what to do, with "Check again". With `sync`, the page first asks the server
 * to settle what Stripe did (a return from Checkout) and checks again when that answers. Render it only while the
 * page is waiting: once the result is recorded, the page renders without it and the polling stops.
 *
 *   <StripeWait sync={{ arg: sessionId, action: syncAction, failureText: "…" }} />
 *   <StripeWait progressText="Waiting for Stripe to confirm the refund…" />
 */
export function StripeWait({
  sync,
  progressText = "Checking with Stripe every few seconds…",
  timeoutText = STRIPE_WAIT_TIMEOUT_TEXT,
  intervalMs = 2000,
  timeoutMs = 30_000,
  testId = "stripe-wait",
}: {
  sync?: StripeWaitSync;
  progressText?: string;
  timeoutText?: React.ReactNode;
  intervalMs?: number;
  timeoutMs?: number;
  testId?: string;
}) {
  const router = useRouter();
  const [timedOut, setTimedOut] = useState(false);
  const [syncFailed, setSyncFailed] = useState(false);
  const [round, setRound] = useState(0);
  // The latest sync without restarting the wait when a parent re-renders with a new object.
  const syncRef = useRef(sync);
  useEffect(() => {
    syncRef.current = sync;
  });

  useEffect(() => {
    let live = true;
    const current = syncRef.current;
    if (current) {
      current
        .action(current.arg)
        .then((r) => {
          if (!live) return;
          setSyncFailed(!r.ok);
          router.refresh();
        })
        .catch(() => live && setSyncFailed(true));
    }
    const started = Date.now();
    const timer = window.setInterval(() => {
      if (Date.now() - started >= timeoutMs) {
        window.clearInterval(timer);
        setTimedOut(true);
        return;
      }
      router.refresh();
    }, intervalMs);
    return () => {
      live = false;
      window.clearInterval(timer);
    };
  }, [router, intervalMs, timeoutMs, round]);

  return (
    <div className="space-y-2" data-testid={testId} data-state={timedOut ? "timed-out" : "waiting"}>
      <div aria-live="polite" className="space-y-2">
        {timedOut ? (
          <p className="text-sm text-amber-900" data-testid={`${testId}-timeout`}>
            {timeoutText}
          </p>
        ) : (
          <p className="flex items-center gap-2 text-xs text-slate-600">
            <Spinner />
            {progressText}
          </p>
        )}
        {syncFailed ? (
          <p className="text-sm text-amber-800" data-testid="sync-failed">
            {sync?.failureText}
          </p>
        ) : null}
      </div>
      {timedOut ? (
        <Button
          variant="secondary"
          onClick={() => {
            setTimedOut(false);
            setRound((n) => n + 1);
          }}
        >
          Check again
        </Button>
      ) : null}
    </div>
  );
}
