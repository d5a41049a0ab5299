import { z } from "zod";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { formatMoney } from "@/lib/money";
import { walletBalance } from "@/lib/wallet/accounts";
import { findUserByEmail, listTopUpsWithRefunds, userLabel } from "@/lib/wallet/top-up-refunds";
import { TopUpsTable } from "@/components/wallet/top-up-refunds";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";

export const metadata = { title: "Member top-ups" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function one(v: string | string[] | undefined): string {
  return ((Array.isArray(v) ? v[0] : v) ?? "").trim();
}

/** A platform admin finds a member by email and refunds one of their top-ups to its card (never their own). */
export default async function AdminTopUpsPage({ searchParams }: { searchParams: SearchParams }) {
  const admin = await guardPage(requireRole("platform_admin"), "/admin/top-ups");
  const sp = await searchParams;
  const email = one(sp.email).slice(0, 254);
  const userId = one(sp.user);
  const db = await getDb();
  const member = userId && z.uuid().safeParse(userId).success ? await userLabel(db, userId) : email ? await findUserByEmail(db, email) : null;
  const [rows, balance] = member ? await Promise.all([listTopUpsWithRefunds(db, member.id), walletBalance(db, member.id)]) : [[], null];
  const refunded = one(sp.refunded) ? rows.flatMap((r) => r.refunds).find((f) => f.id === one(sp.refunded)) : undefined;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Member top-ups"
        description="Refund any member's card top-up up to what is left of it, with no refund charge. Your own top-ups are refunded from your wallet, like any member's."
        actions={
          <ButtonLink href="/admin" variant="secondary">
            Back to admin
          </ButtonLink>
        }
      />
      <Card>
        <form method="get" className="flex flex-col gap-3 sm:flex-row sm:items-end" aria-label="Find a member">
          <div className="grow">
            <label htmlFor="admin-top-ups-email" className="mb-1 block text-sm font-medium text-slate-700">
              Member&apos;s email
            </label>
            <input id="admin-top-ups-email" name="email" type="email" defaultValue={member?.email ?? email} className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm" />
          </div>
          <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700">
            Show top-ups
          </button>
        </form>
      </Card>
      {refunded ? (
        <Alert tone={refunded.status === "failed" ? "error" : "success"} title={refunded.status === "failed" ? "The refund failed" : "Refunded"} testId="refund-notice">
          {refunded.status === "failed" ? refunded.failureMessage : `${formatMoney({ amount: refunded.cardAmount, currency: refunded.currency })} goes back to the member's card.`}
        </Alert>
      ) : null}
      {email && !member ? <Alert tone="warning">No member has that email address.</Alert> : null}
      {member && balance ? (
        <Card title={`${member.name ?? member.email}: balance ${formatMoney(balance)}`}>
          {rows.length === 0 ? (
            <EmptyState title="No card top-ups" />
          ) : (
            <TopUpsTable rows={rows} caption={`Top-ups of ${member.email}`} refundHref={(r) => (member.id !== admin.id && r.left > 0 && r.topUp.paymentIntentId && balance.amount > 0 ? `/admin/top-ups/${r.topUp.id}/refund` : null)} />
          )}
        </Card>
      ) : null}
    </div>
  );
}
