import Link from "next/link";
import { guardPage } from "@/lib/auth/page-guard";
import { requireUser } from "@/lib/auth";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { FirstRun } from "@/components/account/first-run";

export const metadata = { title: "My account" };

export default async function AccountPage() {
  const user = await guardPage(requireUser(), "/account");
  return (
    <div className="space-y-6">
      <PageHeader title={`Hello, ${user.name ?? user.email}`} description={user.email} />
      {user.organisations.length === 0 ? <FirstRun email={user.email} /> : null}
      <Card
        title="Your organisations"
        actions={
          <ButtonLink href="/orgs/new" variant="secondary">
            Create an organisation
          </ButtonLink>
        }
      >
        {user.organisations.length === 0 ? (
          <EmptyState title="You don't belong to any organisation yet">
            Clubs and organisers add their members here: when one invites your email, it shows up. Running a club or selling yourself?{" "}
            <Link href="/orgs/new" className="font-medium text-brand-700 hover:underline">
              Create an organisation
            </Link>
            .
          </EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100">
            {user.organisations.map((o) => (
              <li key={o.id} className="flex items-center justify-between py-3">
                <Link href={o.role === "member" ? `/orgs/${o.slug}/settings` : `/orgs/${o.slug}`} className="min-w-0 break-words font-medium text-brand-700 hover:underline">
                  {o.name}
                </Link>
                <Badge tone={o.role === "owner" ? "blue" : "slate"}>{o.role}</Badge>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
