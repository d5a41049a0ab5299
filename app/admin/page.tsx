import { getDb } from "@/db/client";
import { countUsers, listOrganisationsWithMemberCounts } from "@/lib/orgs/queries";
import { guardPage } from "@/lib/auth/page-guard";
import { requireRole } from "@/lib/auth";
import { Card, PageHeader } from "@/components/ui/card";
import { OrganisationsTable } from "@/components/admin/organisations-table";
import Link from "next/link";

export const metadata = { title: "Admin" };

export default async function AdminHomePage() {
  await guardPage(requireRole("platform_admin"), "/admin");
  const db = await getDb();
  const [users, orgs] = await Promise.all([countUsers(db), listOrganisationsWithMemberCounts(db)]);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Platform admin"
        description="Fees, settlements, balances, payment health, reconciliation, users and the webhook log."
        actions={
          <>
            <Link className="text-sm font-medium text-brand-700 hover:underline" href="/admin/reconciliation">
              Reconciliation →
            </Link>
            <Link className="text-sm font-medium text-brand-700 hover:underline" href="/admin/users">
              Users →
            </Link>
            <Link className="text-sm font-medium text-brand-700 hover:underline" href="/admin/webhooks">
              Webhook log →
            </Link>
            <Link className="text-sm font-medium text-brand-700 hover:underline" href="/admin/top-ups">
              Member top-ups →
            </Link>
          </>
        }
      />
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Card title="Users">
          <p className="text-3xl font-bold" data-testid="admin-user-count">{users}</p>
        </Card>
        <Card title="Organisations">
          <p className="text-3xl font-bold">{orgs.length}</p>
        </Card>
      </div>
      <Card title="Organisations">
        <OrganisationsTable rows={orgs} />
      </Card>
    </div>
  );
}
