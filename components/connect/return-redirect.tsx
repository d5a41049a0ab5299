"use client";
import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { ButtonLink } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";

/** After this long without an answer, the page says what to do instead of spinning on. */
const SLOW_AFTER_MS = 20_000;

/**
 * Re-reads the account at Stripe (a server action), then shows the payments page with the result; shows the
 * wait while it runs, and what to do when Stripe is slow.
 */
export function ReturnRedirect({ slug, refresh }: { slug: string; refresh: (slug: string) => Promise<{ ok: boolean }> }) {
  const router = useRouter();
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    let live = true;
    const timer = window.setTimeout(() => live && setSlow(true), SLOW_AFTER_MS);
    refresh(slug)
      .catch(() => ({ ok: false }))
      .then(() => live && router.replace(`/orgs/${slug}/payments`));
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [slug, refresh, router]);
  return (
    <div className="space-y-3">
      <p className="flex items-center gap-2 text-sm text-slate-700" role="status">
        <Spinner />
        {slow ? "Stripe is taking longer than usual to answer." : "Checking your account with Stripe…"}
      </p>
      {slow ? (
        <div className="space-y-2 text-sm text-slate-600" data-testid="connect-return-slow">
          <p>What you entered at Stripe is saved there. Open the payments page: it shows the status Stripe last sent, and updates when Stripe&apos;s events arrive.</p>
          <ButtonLink href={`/orgs/${slug}/payments`} variant="secondary">
            Open the payments page
          </ButtonLink>
        </div>
      ) : null}
    </div>
  );
}
