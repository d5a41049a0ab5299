import { organisationTitle } from "@/app/orgs/[slug]/title";
import { getDb } from "@/db/client";
import { ORG_MANAGERS, requireOrgRole } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { connectStatus } from "@/lib/connect/can-sell";
import { sellerBalance, sellerPayouts, type PayoutView, type SellerBalance } from "@/lib/connect/money";
import { CONNECT_REFUSALS, isConnectRefusalCode } from "@/lib/connect/refusal";
import { ConnectChoices, CustomDetailsForm, DisconnectButton } from "@/components/connect/connect-forms";
import { ConnectStatusPanel } from "@/components/connect/connect-status";
import { PayoutsTable } from "@/components/connect/payouts-table";
import { StripeWait } from "@/components/ui/stripe-wait";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Money } from "@/components/ui/money";
import { MinimumFloatForm } from "@/components/orgs/minimum-float-form";
import { minimumFloat } from "@/lib/settlement/floats";

export function generateMetadata({ params }: { params: Promise<{ slug: string }> }) {
  return organisationTitle(params, "Payments");
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** Reads at Stripe for the page; a Stripe outage shows as a notice instead of breaking the page. */
async function stripeSide(db: Awaited<ReturnType<typeof getDb>>, organisationId: string): Promise<{ balance: SellerBalance | null; payouts: PayoutView[] | null; failed: boolean }> {
  try {
    const [balance, payouts] = await Promise.all([sellerBalance(db, organisationId), sellerPayouts(db, organisationId)]);
    return { balance, payouts, failed: false };
  } catch (e) {
    console.error("[plaza] could not read the seller's balance or payouts", organisationId, e instanceof Error ? e.message : e);
    return { balance: null, payouts: null, failed: true };
  }
}

export default async function OrganisationPaymentsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: SearchParams }) {
  const { slug } = await params;
  const { organisation, role } = await guardPage(requireOrgRole(slug, ORG_MANAGERS), `/orgs/${slug}/payments`);
  const sp = await searchParams;
  const db = await getDb();
  const status = await connectStatus(db, organisation.id);
  const float = await minimumFloat(db, organisation.id);
  const money = status.account ? await stripeSide(db, organisation.id) : { balance: null, payouts: null, failed: false };
  const isOwner = role === "owner" || role === "platform_admin";
  const error = one(sp.connect_error);
  const waiting = status.account !== null && !status.canSell && status.account.detailsSubmitted;
  return (
    <div className="space-y-6">
      <PageHeader
        title={`${organisation.name}: payments`}
        description="How buyers pay you: your Stripe account, its balance and its payouts."
        actions={
          <ButtonLink href={`/orgs/${organisation.slug}`} variant="secondary">
            Overview
          </ButtonLink>
        }
      />
      {error && isConnectRefusalCode(error) ? (
        <Alert tone="error" title="Nothing was connected" testId="connect-refused">
          {CONNECT_REFUSALS[error]}
        </Alert>
      ) : null}
      {one(sp.connected) === "standard" ? (
        <Alert tone="success" title="Stripe account connected" testId="connect-done">
          Plaza now charges on your Stripe account; buyers&apos; money goes straight to it.
        </Alert>
      ) : null}

      <Card title="Stripe account">
        <ConnectStatusPanel status={status} />
        {waiting ? (
          <div className="mt-3">
            <StripeWait
              progressText="Waiting for Stripe to review your account…"
              timeoutText="Stripe hasn't sent a new status yet: its review can take a few minutes. What you entered at Stripe is saved there; this page shows the new status when Stripe sends it. Check again later."
            />
          </div>
        ) : null}
        {!status.account || (status.account.kind !== "standard" && !status.account.detailsSubmitted && status.account.kind !== "custom") ? (
          <div className="mt-6 space-y-3">
            <h3 className="text-sm font-semibold text-slate-900">{status.account ? "Continue, or choose another way to connect" : "Connect a Stripe account"}</h3>
            {isOwner ? <ConnectChoices slug={organisation.slug} /> : <p className="text-sm text-slate-600">Only an owner of {organisation.name} can connect a Stripe account.</p>}
          </div>
        ) : null}
        {status.account?.kind === "standard" && isOwner ? (
          <div className="mt-6">
            <DisconnectButton slug={organisation.slug} />
          </div>
        ) : null}
      </Card>

      {status.account?.kind === "custom" && (status.account.requirements.currentlyDue.length > 0 || status.account.requirements.pastDue.length > 0) ? (
        <Card title="What Stripe needs from you">
          {isOwner ? (
            <CustomDetailsForm slug={organisation.slug} due={[...new Set([...status.account.requirements.currentlyDue, ...status.account.requirements.pastDue])]} />
          ) : (
            <p className="text-sm text-slate-600">An owner of {organisation.name} must provide these details.</p>
          )}
        </Card>
      ) : null}

      {status.account ? (
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
          <Card title="Balance at Stripe">
            {money.failed ? (
              <Alert tone="warning">We couldn&apos;t reach Stripe just now. Reload the page in a moment.</Alert>
            ) : money.balance ? (
              <dl className="space-y-2 text-sm" data-testid="seller-balance">
                <div className="flex justify-between gap-4">
                  <dt className="text-slate-600">Available</dt>
                  <dd className="font-semibold">{money.balance.available.length ? money.balance.available.map((b) => <Money key={b.currency} value={b} />) : "—"}</dd>
                </div>
                <div className="flex justify-between gap-4">
                  <dt className="text-slate-600">Pending</dt>
                  <dd className="font-semibold">{money.balance.pending.length ? money.balance.pending.map((b) => <Money key={b.currency} value={b} />) : "—"}</dd>
                </div>
              </dl>
            ) : null}
          </Card>
          <Card title="Payouts" className="lg:col-span-2">
            {money.payouts && money.payouts.length ? (
              <PayoutsTable payouts={money.payouts} />
            ) : (
              <EmptyState title="No payouts yet">Stripe pays your available balance to your bank on its schedule; each payout shows here, failed ones first.</EmptyState>
            )}
          </Card>
        </div>
      ) : null}
      <Card title="Settlements"><MinimumFloatForm slug={organisation.slug} currency={organisation.currency} current={float} /></Card>
    </div>
  );
}
