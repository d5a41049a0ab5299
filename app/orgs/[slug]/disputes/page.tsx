import { getDb } from "@/db/client";
import { ORG_STAFF, requireOrgRole } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { organisationRefunds } from "@/lib/marketplace/aftersale-views";
import { listDisputes } from "@/lib/marketplace/disputes";
import { organisationTitle } from "../title";
import { DisputesTable, RefundsTable } from "@/components/aftersale/tables";
import { Alert } from "@/components/ui/alert";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";

export const dynamic = "force-dynamic";

export function generateMetadata({ params }: { params: Promise<{ slug: string }> }) {
  return organisationTitle(params, "Disputes and refunds");
}

/** The seller's disputes (open first, by evidence deadline) and refunds. */
export default async function DisputesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { organisation } = await guardPage(requireOrgRole(slug, ORG_STAFF), `/orgs/${slug}/disputes`);
  const db = await getDb();
  const [disputes, refunds] = await Promise.all([listDisputes(db, organisation.id), organisationRefunds(db, organisation.id)]);
  const open = disputes.filter((d) => d.open).length;
  const href = (orderId: string) => `/orgs/${organisation.slug}/orders/${orderId}`;
  return (
    <div className="space-y-6">
      <PageHeader title={`${organisation.name}: disputes and refunds`} description="Chargebacks raised by buyers' banks, and money sent back to buyers." />
      {open ? (
        <Alert tone="warning" testId="open-disputes">
          {open === 1 ? "One dispute needs" : `${open} disputes need`} your evidence in Stripe before the deadline shown, or the money stays with the buyer.
        </Alert>
      ) : null}
      <Card title="Disputes">{disputes.length ? <DisputesTable disputes={disputes} orderHref={(d) => href(d.orderId)} /> : <EmptyState title="No disputes">A dispute opened by a buyer&apos;s bank shows here first.</EmptyState>}</Card>
      <Card title="Refunds">{refunds.length ? <RefundsTable refunds={refunds} orderHref={href} /> : <EmptyState title="No refunds yet">Refunds you make, or make in Stripe, show here.</EmptyState>}</Card>
    </div>
  );
}
