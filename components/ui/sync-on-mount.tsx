"use client";
import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";

/**
 * Back from Stripe: once the page has rendered (a GET never writes), asks the server to settle or re-read
 * what Stripe did, then shows the page again with the result.
 */
export function SyncOnMount({ arg, sync, failureText }: { arg: string; sync: (arg: string) => Promise<{ ok: boolean }>; failureText: string }) {
  const router = useRouter();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    sync(arg)
      .then((r) => {
        if (!live) return;
        if (!r.ok) setFailed(true);
        router.refresh();
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [arg, sync, router]);
  return failed ? (
    <p className="text-sm text-amber-800" role="status" data-testid="sync-failed">
      {failureText}
    </p>
  ) : null;
}
