import { count, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { memberships, organisations, users } from "@/db/schema";
import { guardPage } from "@/lib/auth/page-guard";
import { requireRole } from "@/lib/auth";
import { Card, PageHeader } from "@/components/ui/card";
import { OrganisationsTable } from "@/components/admin/organisations-table";
import Link from "next/link";

export const metadata = { title: "Admin" };

export default async function AdminHomePage() {
  await guardPage(requireRole("platform_admin"), "/admin");
  const db = await getDb();
  const [[userCount], orgs] = await Promise.all([
    db.select({ n: count() }).from(users),
    db
      .select({ id: organisations.id, slug: organisations.slug, name: organisations.name, kind: organisations.kind, members: count(memberships.userId) })
      .from(organisations)
      .leftJoin(memberships, eq(memberships.organisationId, organisations.id))
      .groupBy(organisations.id)
      .orderBy(organisations.name),
  ]);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Platform admin"
        description="Fees, settlements, balances, payment health and the webhook log."
        actions={
          <Link className="text-sm font-medium text-brand-700 hover:underline" href="/admin/webhooks">
            Webhook log →
          </Link>
        }
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <Card title="Users">
          <p className="text-3xl font-bold" data-testid="admin-user-count">{userCount.n}</p>
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
