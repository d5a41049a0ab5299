import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { isAppError } from "@/lib/errors";
import { formatMoney, minorToMajorString, parseMajorToMinor } from "@/lib/money";
import { walletCurrency } from "@/lib/wallet/accounts";
import { quoteTopUpRefund, userLabel, type TopUpRefundQuote } from "@/lib/wallet/top-up-refunds";
import { adminRefundTopUpAction } from "@/app/wallet/top-ups/refund-actions";
import { RefundConfirmForm } from "@/components/wallet/refund-confirm-form";
import { RefundReviewLines } from "@/components/wallet/top-up-refunds";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";

export const metadata = { title: "Refund a member's top-up" };

/** The admin's review of a refund of a member's top-up; the button below it makes the refund. */
export default async function AdminRefundTopUpPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ amount?: string | string[] }> }) {
  const { id } = await params;
  const admin = await guardPage(requireRole("platform_admin"), `/admin/top-ups/${id}/refund`);
  if (id.length > 100) notFound();
  const db = await getDb();
  const currency = walletCurrency();
  const sp = await searchParams;
  const amountText = (Array.isArray(sp.amount) ? sp.amount[0] : sp.amount)?.trim() ?? "";
  let requested: number | undefined;
  let problem: string | null = null;
  if (amountText) {
    try {
      requested = parseMajorToMinor(amountText, currency);
    } catch {
      problem = `Enter an amount like ${minorToMajorString(1250, currency)}.`;
    }
  }
  let quote: TopUpRefundQuote | null = null;
  try {
    quote = await quoteTopUpRefund(db, { topUpId: id, actor: { id: admin.id, asAdmin: true }, amount: problem ? undefined : requested });
  } catch (e) {
    if (!isAppError(e)) throw e;
    if (e.code === "not_found") notFound();
    problem = e.message;
  }
  const member = quote ? await userLabel(db, quote.userId) : null;
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <PageHeader title="Refund a member's top-up" description={member ? `To the card of ${member.email}. No refund charge when an admin refunds.` : undefined} />
      {problem ? (
        <Alert tone="error" title="Can't refund that" testId="refund-problem">
          {problem}
        </Alert>
      ) : null}
      {quote && !problem ? (
        <Card title="Review the refund">
          <div className="space-y-5">
            <RefundReviewLines quote={quote} whose="the member's" />
            <form method="get" className="flex flex-col gap-2 sm:flex-row sm:items-end" aria-label="Refund a different amount">
              <div className="grow">
                <label htmlFor="admin-refund-amount" className="mb-1 block text-sm font-medium text-slate-700">
                  Amount ({currency.toUpperCase()}, at most {minorToMajorString(Math.min(quote.left, quote.balance), currency)})
                </label>
                <input id="admin-refund-amount" name="amount" inputMode="decimal" defaultValue={minorToMajorString(quote.amount, currency)} className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm" />
              </div>
              <button type="submit" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50">
                Review this amount
              </button>
            </form>
            <div className="space-y-2 border-t border-slate-100 pt-4">
              <RefundConfirmForm action={adminRefundTopUpAction} topUpId={id} amount={minorToMajorString(quote.amount, currency)} label={`Refund ${formatMoney({ amount: quote.cardAmount, currency })} to the member's card`} />
            </div>
          </div>
        </Card>
      ) : null}
      <ButtonLink href={member ? `/admin/top-ups?user=${member.id}` : "/admin/top-ups"} variant="secondary">
        Back to the member&apos;s top-ups
      </ButtonLink>
    </div>
  );
}
