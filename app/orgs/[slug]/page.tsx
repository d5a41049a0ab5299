import { organisationTitle } from "@/app/orgs/[slug]/title";
import Link from "next/link";
import { getDb } from "@/db/client";
import { listOrganisationPeople } from "@/lib/orgs/queries";
import { guardPage } from "@/lib/auth/page-guard";
import { ORG_MANAGERS, requireOrgRole } from "@/lib/auth";
import { formatMoney } from "@/lib/money";
import { organisationBalance, walletCurrency } from "@/lib/wallet/accounts";
import { listOrganisationIous } from "@/lib/wallet/ious";
import { CancelIouButton, PayMemberForm, RaiseIouForm } from "@/components/orgs/org-wallet-forms";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date";

const IOU_TONE = { open: "amber", paid: "green", cancelled: "slate" } as const;

export function generateMetadata({ params }: { params: Promise<{ slug: string }> }) {
  return organisationTitle(params);
}

export default async function OrganisationPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { organisation, role } = await guardPage(requireOrgRole(slug), `/orgs/${slug}`);
  const canManage = role === "platform_admin" || ORG_MANAGERS.includes(role);
  const db = await getDb();
  const currency = walletCurrency();
  const [people, balance, ious] = await Promise.all([listOrganisationPeople(db, organisation.id), organisationBalance(db, organisation.id), listOrganisationIous(db, organisation.id)]);
  return (
    <div className="space-y-6">
      <PageHeader
        title={organisation.name}
        description={`Your role: ${role.replace("_", " ")}`}
        actions={
          <>
            <ButtonLink href={`/orgs/${organisation.slug}/settings`} variant="secondary">
              People
            </ButtonLink>
            {canManage ? (
              <ButtonLink href={`/orgs/${organisation.slug}/payments`} variant="secondary">
                Payments
              </ButtonLink>
            ) : null}
            {canManage ? (
              <ButtonLink href={`/orgs/${organisation.slug}/sales`} variant="secondary">
                Sales
              </ButtonLink>
            ) : null}
            <ButtonLink href={`/orgs/${organisation.slug}/statement`} variant="secondary">
              Statement
            </ButtonLink>
          </>
        }
      />

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <Card title="Balance">
          <p className="text-4xl font-bold tracking-tight tabular-nums" data-testid="org-balance">
            {formatMoney(balance)}
          </p>
          <p className="mt-2 text-sm text-slate-600">Money members paid to {organisation.name} in Plaza, less payments out and settlements.</p>
        </Card>
        <Card title="People" className="lg:col-span-2">
          <ul className="divide-y divide-slate-100" data-testid="org-people">
            {people.map((p) => (
              <li key={p.id} className="flex items-center justify-between gap-4 py-2 text-sm">
                <span className="min-w-0 truncate">
                  <span className="font-medium">{p.name ?? p.email}</span> <span className="text-slate-500">{p.email}</span>
                </span>
                <Badge>{p.role}</Badge>
              </li>
            ))}
          </ul>
        </Card>
      </div>

      {canManage ? (
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
          <Card title="Raise an IOU">
            <p className="mb-4 text-sm text-slate-600">Ask a member to pay an amount later. They&apos;re emailed and pay from their wallet or by card.</p>
            <RaiseIouForm slug={organisation.slug} currency={currency} />
          </Card>
          <Card title="Pay a member">
            <p className="mb-4 text-sm text-slate-600">Pays into the member&apos;s wallet from {organisation.name}&apos;s balance ({formatMoney(balance)}).</p>
            <PayMemberForm slug={organisation.slug} currency={currency} requestId={crypto.randomUUID()} balance={balance.amount} organisationName={organisation.name} />
          </Card>
        </div>
      ) : null}

      <Card title="IOUs">
        {ious.length === 0 ? (
          <EmptyState title="No IOUs yet">{canManage ? "IOUs you raise show here until the member pays them." : "IOUs raised by the organisation's admins show here."}</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="org-ious">
            {ious.map((iou) => (
              <li key={iou.id} className="flex flex-col gap-2 py-3 text-sm sm:flex-row sm:items-center sm:justify-between" data-testid="org-iou">
                <div className="min-w-0">
                  <p className="font-medium text-slate-900">{iou.description}</p>
                  <p className="truncate text-slate-600">
                    {iou.memberEmail} · <DateTime value={iou.createdAt} style="day" />
                  </p>
                </div>
                <div className="flex items-center gap-3">
                  <span className="font-semibold tabular-nums">{formatMoney({ amount: iou.amount, currency: iou.currency })}</span>
                  <span data-testid="org-iou-status">
                    <Badge tone={IOU_TONE[iou.status]}>{iou.status}</Badge>
                  </span>
                  {canManage && iou.status === "open" ? <CancelIouButton slug={organisation.slug} iouId={iou.id} description={iou.description} amount={iou.amount} currency={iou.currency} memberEmail={iou.memberEmail} /> : null}
                </div>
              </li>
            ))}
          </ul>
        )}
        <p className="mt-4 text-xs text-slate-500">
          Paid IOUs appear on the{" "}
          <Link href={`/orgs/${organisation.slug}/statement`} className="text-brand-700 underline">
            organisation statement
          </Link>
          .
        </p>
      </Card>
    </div>
  );
}
