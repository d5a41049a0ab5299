import { count, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { memberships, organisations, users } from "@/db/schema";
import { guardPage } from "@/lib/auth/page-guard";
import { requireRole } from "@/lib/auth";
import { Card, PageHeader } from "@/components/ui/card";
import { DataTable, type Column } from "@/components/ui/data-table";
import Link from "next/link";

export const metadata = { title: "Admin" };

const ORG_COLUMNS: readonly Column<{ id: string; slug: string; name: string; kind: string; members: number }>[] = [
  {
    header: "Name",
    cell: (o) => (
      <Link className="text-brand-700 hover:underline" href={`/orgs/${o.slug}`}>
        {o.name}
      </Link>
    ),
  },
  { header: "Kind", className: "capitalize", cell: (o) => o.kind },
  { header: "People", align: "right", className: "tabular-nums", cell: (o) => o.members },
];

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
        <DataTable
          caption="Organisations"
          columns={ORG_COLUMNS}
          rows={orgs}
          rowKey={(o) => o.id}
        />
      </Card>
    </div>
  );
}
