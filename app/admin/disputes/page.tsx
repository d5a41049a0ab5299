import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { listDisputes } from "@/lib/marketplace/disputes";
import { DisputesTable } from "@/components/aftersale/tables";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";

export const dynamic = "force-dynamic";
export const metadata = { title: "Disputes" };

/** Every seller's disputes for platform admins, open first by evidence deadline. */
export default async function AdminDisputesPage() {
  await guardPage(requireRole("platform_admin"), "/admin/disputes");
  const db = await getDb();
  const disputes = await listDisputes(db, null);
  return (
    <div className="space-y-6">
      <PageHeader title="Disputes" description="Chargebacks on every seller's orders, open ones first by evidence deadline." />
      <Card title="Disputes">{disputes.length ? <DisputesTable disputes={disputes} showSeller orderHref={(d) => `/orgs/${d.sellerSlug}/orders/${d.orderId}`} /> : <EmptyState title="No disputes">None so far.</EmptyState>}</Card>
    </div>
  );
}
