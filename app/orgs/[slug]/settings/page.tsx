import { organisationTitle } from "@/app/orgs/[slug]/title";
import { requireOrgRole } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { getDb } from "@/db/client";
import { listOpenInvitations } from "@/lib/orgs/members";
import { listOrganisationPeople } from "@/lib/orgs/queries";
import { ChangeRoleForm, InviteForm, LeaveButton, RemoveMemberButton, RevokeInvitationButton } from "@/components/orgs/people-forms";
import { Alert } from "@/components/ui/alert";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";

export function generateMetadata({ params }: { params: Promise<{ slug: string }> }) {
  return organisationTitle(params, "People");
}

export default async function OrganisationSettingsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ created?: string }> }) {
  const { slug } = await params;
  const access = await guardPage(requireOrgRole(slug, ["owner", "admin", "staff", "member"]), `/orgs/${slug}/settings`);
  const { organisation, role, user } = access;
  const canManage = role === "owner" || role === "admin" || role === "platform_admin";
  const db = await getDb();
  const [people, invitations] = await Promise.all([listOrganisationPeople(db, organisation.id), canManage ? listOpenInvitations(db, organisation.id) : Promise.resolve([])]);
  const created = (await searchParams).created === "1";
  return (
    <div className="space-y-6">
      <PageHeader
        title={`${organisation.name}: people`}
        description={`Your role: ${role.replace("_", " ")}`}
        actions={
          <ButtonLink href={`/orgs/${organisation.slug}`} variant="secondary">
            Overview
          </ButtonLink>
        }
      />
      {created ? (
        <Alert tone="success" title="Organisation created" testId="org-created">
          You are its owner. Invite your members and staff below.
        </Alert>
      ) : null}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <Card title="People" className="lg:col-span-2">
          <ul className="divide-y divide-slate-100" data-testid="org-people">
            {people.map((p) => (
              <li key={p.id} className="flex flex-col gap-3 py-3 sm:flex-row sm:items-center sm:justify-between" data-testid="org-person">
                <div className="min-w-0 text-sm">
                  <p className="truncate font-medium text-slate-900">{p.name ?? p.email}</p>
                  <p className="truncate text-slate-600">{p.email}</p>
                </div>
                {canManage && p.id !== user.id ? (
                  <div className="flex shrink-0 items-start gap-2 max-sm:justify-between">
                    <ChangeRoleForm slug={organisation.slug} userId={p.id} role={p.role} who={p.email} />
                    <RemoveMemberButton slug={organisation.slug} userId={p.id} who={p.email} />
                  </div>
                ) : (
                  // Its own width on phones too (the row is a column there, which would stretch it).
                  <span className="self-start">
                    <Badge tone={p.role === "owner" ? "blue" : "slate"}>{p.role}</Badge>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </Card>
        {canManage ? (
          <Card title="Invite someone">
            <InviteForm slug={organisation.slug} />
          </Card>
        ) : null}
      </div>
      {canManage ? (
        <Card title="Open invitations">
          {invitations.length === 0 ? (
            <EmptyState title="No open invitations">People you invite who have no Plaza account yet wait here until they sign up.</EmptyState>
          ) : (
            <ul className="divide-y divide-slate-100" data-testid="org-invitations">
              {invitations.map((i) => (
                <li key={i.id} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between" data-testid="org-invitation">
                  <p className="text-sm">
                    <span className="font-medium text-slate-900">{i.email}</span> <span className="text-slate-600">as {i.role}</span>
                  </p>
                  <RevokeInvitationButton slug={organisation.slug} invitationId={i.id} email={i.email} />
                </li>
              ))}
            </ul>
          )}
        </Card>
      ) : null}
      {role !== "platform_admin" ? (
        <Card title="Leave">
          <p className="mb-3 text-sm text-slate-700">You stop being a member. Your wallet and its money stay yours. An organisation&apos;s last owner cannot leave.</p>
          <LeaveButton slug={organisation.slug} name={organisation.name} />
        </Card>
      ) : null}
    </div>
  );
}
