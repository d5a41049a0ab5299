import Link from "next/link";
import type { CurrentUser } from "@/lib/auth";
import { signOutAction } from "@/app/(auth)/actions";
import { Button, ButtonLink } from "@/components/ui/button";

/** Navigation by role and sign-in state (the layout passes the signed-in user, roles included). */
export function SiteHeader({ user }: { user: CurrentUser | null }) {
  const managed = user?.organisations.filter((o) => o.role !== "member") ?? [];
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href="/" className="text-lg font-bold text-brand-700">
          Plaza
        </Link>
        <nav aria-label="Main" className="flex flex-1 flex-wrap items-center gap-4 text-sm">
          <Link href="/listings" className="text-slate-700 hover:text-brand-700">
            Listings
          </Link>
          {user ? (
            <>
              <Link href="/orders" className="text-slate-700 hover:text-brand-700">
                My purchases
              </Link>
              <Link href="/account" className="text-slate-700 hover:text-brand-700">
                My account
              </Link>
              <Link href="/wallet" className="text-slate-700 hover:text-brand-700">
                Wallet
              </Link>
              {managed.map((o) => (
                <Link key={o.id} href={`/orgs/${o.slug}`} className="text-slate-700 hover:text-brand-700">
                  {o.name}
                </Link>
              ))}
              {user.platformAdmin ? (
                <Link href="/admin" className="text-slate-700 hover:text-brand-700">
                  Admin
                </Link>
              ) : null}
            </>
          ) : null}
        </nav>
        {user ? (
          <div className="flex items-center gap-3 text-sm">
            <span className="hidden text-slate-600 sm:inline" data-testid="signed-in-as">
              {user.email}
            </span>
            <form action={signOutAction}>
              <Button type="submit" variant="secondary">
                Sign out
              </Button>
            </form>
          </div>
        ) : (
          <div className="flex items-center gap-2">
            <ButtonLink href="/sign-in" variant="ghost">
              Sign in
            </ButtonLink>
            <ButtonLink href="/sign-up">Create account</ButtonLink>
          </div>
        )}
      </div>
    </header>
  );
}
