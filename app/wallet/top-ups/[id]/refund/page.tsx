import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { isAppError } from "@/lib/errors";
import { minorToMajorString, parseMajorToMinor } from "@/lib/money";
import { walletCurrency } from "@/lib/wallet/accounts";
import { getTopUpForUser } from "@/lib/wallet/top-ups";
import { quoteTopUpRefund, type TopUpRefundQuote } from "@/lib/wallet/top-up-refunds";
import { refundTopUpAction } from "../../refund-actions";
import { RefundConfirmForm } from "@/components/wallet/refund-confirm-form";
import { RefundReviewLines } from "@/components/wallet/top-up-refunds";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { formatMoney } from "@/lib/money";

export const metadata = { title: "Refund to card" };

/** Step one of a refund to the card: the review (read only). The refund is made only by the button below it. */
export default async function RefundTopUpPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ amount?: string | string[] }> }) {
  const { id } = await params;
  const user = await guardPage(requireUser(), `/wallet/top-ups/${id}/refund`);
  const db = await getDb();
  const topUp = id.length <= 100 ? await getTopUpForUser(db, id, user.id) : undefined;
  if (!topUp) notFound();
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
    quote = await quoteTopUpRefund(db, { topUpId: topUp.id, actor: { id: user.id, asAdmin: false }, amount: problem ? undefined : requested });
  } catch (e) {
    if (!isAppError(e)) throw e;
    problem = e.message;
    if (requested !== undefined) quote = await quoteTopUpRefund(db, { topUpId: topUp.id, actor: { id: user.id, asAdmin: false } }).catch(() => null);
  }
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <PageHeader title="Refund to card" description={`Send unspent wallet money back to the card of your ${formatMoney({ amount: topUp.amount, currency: topUp.currency })} top-up.`} />
      {problem ? (
        <Alert tone={quote ? "warning" : "error"} title="Can't refund that" testId="refund-problem">
          {problem}
        </Alert>
      ) : null}
      {quote ? (
        <Card title="Review the refund">
          <div className="space-y-5">
            <RefundReviewLines quote={quote} whose="your" />
            <form method="get" className="flex flex-col gap-2 sm:flex-row sm:items-end" aria-label="Refund a different amount">
              <div className="grow">
                <label htmlFor="refund-amount-input" className="mb-1 block text-sm font-medium text-slate-700">
                  Amount to take from your wallet ({currency.toUpperCase()}, at most {minorToMajorString(Math.min(quote.left, quote.balance), currency)})
                </label>
                <input id="refund-amount-input" name="amount" inputMode="decimal" defaultValue={minorToMajorString(quote.amount, currency)} className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm" />
              </div>
              <button type="submit" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50">
                Review this amount
              </button>
            </form>
            {requested === undefined || !problem ? (
              <div className="space-y-2 border-t border-slate-100 pt-4">
                <p className="text-sm text-slate-600">Nothing happens until you press the button. Card refunds cannot be undone.</p>
                <RefundConfirmForm action={refundTopUpAction} topUpId={topUp.id} amount={minorToMajorString(quote.amount, currency)} label={`Refund ${formatMoney({ amount: quote.cardAmount, currency })} to my card`} />
              </div>
            ) : null}
          </div>
        </Card>
      ) : null}
      <ButtonLink href="/wallet/top-ups" variant="secondary">
        Back to top-ups
      </ButtonLink>
    </div>
  );
}
