import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { formatMoney } from "@/lib/money";
import { walletBalance } from "@/lib/wallet/accounts";
import { listTopUpsWithRefunds, refundPolicy } from "@/lib/wallet/top-up-refunds";
import { TopUpsTable } from "@/components/wallet/top-up-refunds";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";

export const metadata = { title: "Top-ups" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The member's card top-ups, with "Refund to card" for those that may still go back to their card. */
export default async function TopUpsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await guardPage(requireUser(), "/wallet/top-ups");
  const sp = await searchParams;
  const refundedId = Array.isArray(sp.refunded) ? sp.refunded[0] : sp.refunded;
  const db = await getDb();
  const [rows, balance] = await Promise.all([listTopUpsWithRefunds(db, user.id), walletBalance(db, user.id)]);
  const policy = refundPolicy();
  const refunded = refundedId ? rows.flatMap((r) => r.refunds).find((f) => f.id === refundedId) : undefined;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Top-ups"
        description={`Money you added by card. Unspent money can go back to the card it came from for ${policy.weeks} weeks, less a ${policy.chargeBps / 100}% refund charge.`}
        actions={
          <ButtonLink href="/wallet" variant="secondary">
            Back to wallet
          </ButtonLink>
        }
      />
      {refunded ? (
        refunded.status === "failed" ? (
          <Alert tone="error" title="The refund failed" testId="refund-notice">
            {refunded.failureMessage} The money is back in your wallet.
          </Alert>
        ) : (
          <Alert tone="success" title={refunded.status === "succeeded" ? "Refunded to your card" : "Refund on its way"} testId="refund-notice">
            {formatMoney({ amount: refunded.cardAmount, currency: refunded.currency })} goes back to your card (a refund charge of {formatMoney({ amount: refunded.charge, currency: refunded.currency })} was kept). Card refunds usually show within 5–10 days.
          </Alert>
        )
      ) : null}
      <Card title={`Balance ${formatMoney(balance)}`}>
        {rows.length === 0 ? (
          <EmptyState title="No top-ups yet">Top up your wallet by card from the wallet page.</EmptyState>
        ) : (
          <TopUpsTable rows={rows} caption="Your top-ups, newest first" refundHref={(r) => (r.inWindow && r.left > 0 && balance.amount > 0 ? `/wallet/top-ups/${r.topUp.id}/refund` : null)} />
        )}
      </Card>
    </div>
  );
}
