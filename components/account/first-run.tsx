import Link from "next/link";
import { ButtonLink } from "@/components/ui/button";

/**
 * The guided first run for someone who belongs to no organisation yet: the three ways in (an invitation, their
 * own organisation, or the listings), each with what happens next.
 */
export function FirstRun({ email }: { email: string }) {
  return (
    <section aria-labelledby="first-run-title" className="space-y-4" data-testid="first-run">
      <div>
        <h2 id="first-run-title" className="text-lg font-semibold text-slate-900">
          Get started with Plaza
        </h2>
        <p className="mt-1 text-sm text-slate-600">Pick how you&apos;ll use Plaza. You can do all three later.</p>
      </div>
      <ol className="grid grid-cols-1 gap-4 md:grid-cols-3">
        <li className="flex flex-col rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <h3 className="font-semibold text-slate-900">1. Join your club by invitation</h3>
          <p className="mt-2 flex-1 text-sm text-slate-600">
            Ask your club&apos;s organiser to add <span className="font-medium break-all text-slate-800">{email}</span>: you join straight away, are emailed,
            and the club shows up under &ldquo;Your organisations&rdquo; on your account page.
          </p>
          <Link href="/wallet" className="mt-4 text-sm font-medium text-brand-700 underline">
            Meanwhile, set up your wallet
          </Link>
        </li>
        <li className="flex flex-col rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <h3 className="font-semibold text-slate-900">2. Create an organisation</h3>
          <p className="mt-2 flex-1 text-sm text-slate-600">Run a club, organise events or teach? Create it, invite people, and connect Stripe to get paid.</p>
          <ButtonLink href="/orgs/new" className="mt-4 self-start">
            Create an organisation
          </ButtonLink>
        </li>
        <li className="flex flex-col rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <h3 className="font-semibold text-slate-900">3. Browse listings</h3>
          <p className="mt-2 flex-1 text-sm text-slate-600">Courses, event tickets and sessions from Plaza&apos;s sellers, paid by card or from your wallet.</p>
          <ButtonLink href="/listings" prefetch={false} variant="secondary" className="mt-4 self-start">
            Browse listings
          </ButtonLink>
        </li>
      </ol>
    </section>
  );
}
