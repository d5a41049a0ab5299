"use client";
import { useEffect } from "react";
import { useRouter } from "next/navigation";

/** Re-reads the account at Stripe (a server action), then shows the payments page with the result. */
export function ReturnRedirect({ slug, refresh }: { slug: string; refresh: (slug: string) => Promise<{ ok: boolean }> }) {
  const router = useRouter();
  useEffect(() => {
    let live = true;
    refresh(slug)
      .catch(() => ({ ok: false }))
      .then(() => live && router.replace(`/orgs/${slug}/payments`));
    return () => {
      live = false;
    };
  }, [slug, refresh, router]);
  return null;
}
