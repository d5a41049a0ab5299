import { getCurrentUser } from "@/lib/auth";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

export default async function HomePage() {
  const user = await getCurrentUser();
  return (
    <div className="space-y-10">
      <section className="rounded-2xl bg-gradient-to-br from-brand-700 to-brand-900 px-6 py-12 text-white sm:px-12">
        <h1 className="max-w-2xl text-3xl font-bold tracking-tight sm:text-4xl">Payments for clubs, organisers and instructors.</h1>
        <p className="mt-4 max-w-2xl text-brand-100">
          Plaza is an open-source marketplace on Stripe. Members buy courses, tickets and sessions, keep a prepaid wallet and pay their club in one
          tap. Sellers connect their Stripe account and get paid with a transparent platform fee. Club admins run settlements from a double-entry
          ledger that is correct to the cent.
        </p>
        <div className="mt-8 flex flex-wrap gap-3">
          {user ? (
            <ButtonLink href="/account" variant="secondary">
              Go to my account
            </ButtonLink>
          ) : (
            <>
              <ButtonLink href="/sign-up" variant="secondary">
                Create an account
              </ButtonLink>
              <ButtonLink href="/sign-in" className="border border-white/40 bg-transparent text-white hover:bg-white/10">
                Sign in
              </ButtonLink>
            </>
          )}
        </div>
      </section>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
        <Card title="Buy in the browser">Stripe Checkout, hosted or embedded, priced by the server from the catalogue, never by the browser.</Card>
        <Card title="Prepaid wallets">Top up by card, turn on automatic top-ups, transfer to other members, and download statements as CSV or PDF.</Card>
        <Card title="Settlements you can audit">Every cent moves through a double-entry ledger; fees keep their history; every webhook is logged and replayable.</Card>
      </div>
    </div>
  );
}
