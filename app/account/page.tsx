import Link from "next/link";
import { guardPage } from "@/lib/auth/page-guard";
import { requireUser } from "@/lib/auth";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";

export const metadata = { title: "My account" };

export default async function AccountPage() {
  const user = await guardPage(requireUser(), "/account");
  return (
    <div className="space-y-6">
      <PageHeader title={`Hello, ${user.name ?? user.email}`} description={user.email} />
      <Card title="Your organisations">
        {user.organisations.length === 0 ? (
          <EmptyState title="You don't belong to any organisation yet">Clubs and organisers add their members here.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100">
            {user.organisations.map((o) => (
              <li key={o.id} className="flex items-center justify-between py-3">
                {o.role === "member" ? <span>{o.name}</span> : <Link href={`/orgs/${o.slug}`} className="font-medium text-brand-700 hover:underline">{o.name}</Link>}
                <Badge tone={o.role === "owner" ? "blue" : "slate"}>{o.role}</Badge>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
