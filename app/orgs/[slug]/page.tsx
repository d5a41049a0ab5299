import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { memberships, users } from "@/db/schema";
import { guardPage } from "@/lib/auth/page-guard";
import { requireOrgRole } from "@/lib/auth";
import { Badge, Card, PageHeader } from "@/components/ui/card";

export default async function OrganisationPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { organisation, role } = await guardPage(requireOrgRole(slug), `/orgs/${slug}`);
  const db = await getDb();
  const people = await db
    .select({ id: users.id, name: users.name, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organisationId, organisation.id))
    .orderBy(memberships.role, users.email);
  return (
    <div className="space-y-6">
      <PageHeader title={organisation.name} description={`Your role: ${role.replace("_", " ")}`} />
      <Card title="People">
        <ul className="divide-y divide-slate-100" data-testid="org-people">
          {people.map((p) => (
            <li key={p.id} className="flex items-center justify-between gap-4 py-2 text-sm">
              <span>
                <span className="font-medium">{p.name ?? p.email}</span> <span className="text-slate-500">{p.email}</span>
              </span>
              <Badge>{p.role}</Badge>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
