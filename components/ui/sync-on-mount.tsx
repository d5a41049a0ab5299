"use client";
import { StripeWait } from "./stripe-wait";

/**
 * Back from Stripe: once the page has rendered (a GET never writes), asks the server to settle or re-read
 * what Stripe did, shows the wait, and checks again until the result shows or the wait times out with what
 * to do. A name kept for callers; new code uses StripeWait with `sync` directly.
 */
export function SyncOnMount({ arg, sync, failureText }: { arg: string; sync: (arg: string) => Promise<{ ok: boolean }>; failureText: string }) {
  return <StripeWait sync={{ arg, action: sync, failureText }} />;
}
