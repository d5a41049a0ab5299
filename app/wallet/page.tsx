import Link from "next/link";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { env } from "@/lib/env";
import { formatMoney, minorToMajorString } from "@/lib/money";
import { holderStatementPage } from "@/lib/statements/holder-statement";
import { holderBalance } from "@/lib/statements/holder";
import { walletCurrency } from "@/lib/wallet/accounts";
import { listMemberIous } from "@/lib/wallet/ious";
import { getWalletSettings } from "@/lib/wallet/settings";
import { syncReturnedCheckoutAction } from "./actions";
import { StripeWait } from "@/components/ui/stripe-wait";
import { ChangeAutoTopUpAmountForm, SaveCardForm, TurnOffAutoTopUpButton } from "@/components/wallet/auto-top-up-forms";
import { LowBalanceToggle } from "@/components/wallet/low-balance-toggle";
import { PayIouButton } from "@/components/wallet/pay-iou-button";
import { TopUpForm } from "@/components/wallet/top-up-form";
import { TransferForm } from "@/components/wallet/transfer-form";
import { StatementTable } from "@/components/statement/statement-table";
import { Alert } from "@/components/ui/alert";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date";

const STRIPE_LATER = "We couldn't reach Stripe just now; your payment is confirmed as soon as Stripe tells us.";

export const metadata = { title: "Wallet" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

const STATUS_TONE = { off: "slate", pending: "amber", on: "green" } as const;
const STATUS_LABEL = { off: "Off", pending: "Waiting for Stripe", on: "On" } as const;

export default async function WalletPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await guardPage(requireUser(), "/wallet");
  const params = await searchParams;
  const db = await getDb();
  const currency = walletCurrency();
  const fmt = (amount: number) => formatMoney({ amount, currency });

  // Back from saving a card: the page asks the server to settle this member's own setup session once it has
  // rendered (a GET never writes); the webhook would settle it too.
  const returnedSession = one(params.session_id);
  const [balance, settings, ious, recent] = await Promise.all([
    holderBalance(db, { userId: user.id }),
    getWalletSettings(db, user.id),
    listMemberIous(db, user.id),
    holderStatementPage(db, { userId: user.id }, { limit: 10 }),
  ]);
  const syncingSetup = one(params.auto_top_up) === "returned" && returnedSession && settings.setupSessionId === returnedSession && settings.autoTopUpStatus === "pending" ? returnedSession : null;
  const openIous = ious.filter((i) => i.status === "open");
  const { WALLET_TOP_UP_MIN: min, WALLET_TOP_UP_MAX: max, WALLET_LOW_BALANCE: low } = env();
  const autoAmount = minorToMajorString(settings.autoTopUpAmount, currency);

  const notices: React.ReactNode[] = [];
  if (one(params.top_up) === "cancelled") {
    notices.push(
      <Alert key="top-up-cancelled" tone="info" title="Top-up cancelled" testId="wallet-notice">
        You left Stripe&apos;s page before paying, so nothing was charged. You can start a new top-up below.
      </Alert>,
    );
  }
  if (one(params.auto_top_up) === "cancelled") {
    notices.push(
      <Alert key="setup-cancelled" tone="info" title="No card saved" testId="wallet-notice">
        You left Stripe&apos;s page before saving a card. Automatic top-up stays {settings.autoTopUpStatus === "on" ? "on with your earlier card" : "off until you save one"}.
      </Alert>,
    );
  }
  const paidIou = one(params.paid_iou) ? ious.find((i) => i.id === one(params.paid_iou) && i.status === "paid") : undefined;
  if (paidIou) {
    notices.push(
      <Alert key="iou-paid" tone="success" title="Paid" testId="wallet-notice">
        You paid {formatMoney({ amount: paidIou.amount, currency: paidIou.currency })} to {paidIou.organisation} for {paidIou.description}.
      </Alert>,
    );
  }
  if (one(params.auto_top_up) === "returned") {
    notices.push(
      settings.autoTopUpStatus === "on" ? (
        <Alert key="setup-done" tone="success" title="Card saved" testId="wallet-notice">
          Automatic top-up is on: we&apos;ll add {fmt(settings.autoTopUpAmount)} (or more if a payment needs it) when your balance would fall under {fmt(low)}.
        </Alert>
      ) : (
        <Alert key="setup-pending" tone="warning" title="Still confirming your card" testId="wallet-notice">
          Stripe hasn&apos;t confirmed your card yet. This page updates by itself.
          {settings.autoTopUpStatus === "pending" ? (
            <StripeWait
              sync={syncingSetup ? { arg: syncingSetup, action: syncReturnedCheckoutAction, failureText: STRIPE_LATER } : undefined}
              progressText="Confirming your card with Stripe…"
              timeoutText="Stripe hasn't confirmed your card yet. Nothing is charged meanwhile; automatic top-up turns on as soon as Stripe tells Plaza. Check again in a minute, or save the card again."
            />
          ) : null}
        </Alert>
      ),
    );
  }

  return (
    <div className="space-y-6">
      <PageHeader
        title="Wallet"
        description="Top up by card, pay your club and send money to other members."
        actions={
          <>
            <ButtonLink href="/wallet/top-ups" variant="secondary">
              Top-ups and refunds
            </ButtonLink>
            <ButtonLink href="/wallet/statement" variant="secondary">
              Statement
            </ButtonLink>
          </>
        }
      />
      {notices}

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <Card title="Balance">
          <p className="text-4xl font-bold tracking-tight tabular-nums text-slate-900" data-testid="wallet-balance">
            {formatMoney(balance)}
          </p>
          <p className="mt-2 text-sm text-slate-600">Available to spend and send.</p>
          {balance.amount < low ? <p className="mt-2 text-sm text-amber-800">Your balance is under {fmt(low)}.</p> : null}
        </Card>

        <Card
          title="Automatic top-up"
          className="lg:col-span-2"
          actions={
            <span data-testid="auto-top-up-status" data-status={settings.autoTopUpStatus}>
              <Badge tone={STATUS_TONE[settings.autoTopUpStatus]}>{STATUS_LABEL[settings.autoTopUpStatus]}</Badge>
            </span>
          }
        >
          {settings.autoTopUpStatus === "on" ? (
            <div className="space-y-4">
              <p className="text-sm text-slate-700">
                <span className="font-medium" data-testid="auto-top-up-card">{settings.cardLabel ?? "Saved card"}</span> is charged{" "}
                <span className="font-medium" data-testid="auto-top-up-amount">{fmt(settings.autoTopUpAmount)}</span> (or a multiple of it when a payment needs more) whenever a payment would take your balance under {fmt(low)}.
              </p>
              <ChangeAutoTopUpAmountForm currency={currency} defaultAmount={autoAmount} />
              <div className="flex flex-wrap gap-3 border-t border-slate-100 pt-4">
                <TurnOffAutoTopUpButton />
              </div>
            </div>
          ) : settings.autoTopUpStatus === "pending" ? (
            <div className="space-y-4">
              <p className="text-sm text-slate-700">We&apos;re waiting for Stripe to confirm your card. This usually takes a few seconds; reload the page to check. If you closed Stripe&apos;s page without saving, start again:</p>
              <SaveCardForm currency={currency} defaultAmount={autoAmount} label="Save a card" />
            </div>
          ) : (
            <div className="space-y-4">
              <p className="text-sm text-slate-700">
                Save a card and we&apos;ll top up your wallet automatically when a payment would take it under {fmt(low)}, so payments never bounce.
                {settings.cardLabel ? ` Your last card was ${settings.cardLabel}.` : ""}
              </p>
              <SaveCardForm currency={currency} defaultAmount={autoAmount} label="Save a card" />
            </div>
          )}
        </Card>
      </div>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Card title="Top up">
          <TopUpForm currency={currency} hint={`Between ${fmt(min)} and ${fmt(max)}. You pay by card with Stripe.`} />
        </Card>
        <Card title="Send money to a member">
          <TransferForm currency={currency} balance={balance.amount} autoTopUp={settings.autoTopUpStatus === "on"} />
        </Card>
      </div>

      <Card title="Payments requested from you">
        {openIous.length === 0 ? (
          <EmptyState title="Nothing to pay">When your club asks you to pay something, it appears here.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="member-ious">
            {openIous.map((iou) => {
              const short = iou.amount > balance.amount && settings.autoTopUpStatus !== "on";
              return (
                <li key={iou.id} className="flex flex-col gap-3 py-3 sm:flex-row sm:items-center sm:justify-between" data-testid="member-iou">
                  <div className="text-sm">
                    <p className="font-medium text-slate-900">{iou.description}</p>
                    <p className="text-slate-600">
                      {iou.organisation} · requested <DateTime value={iou.createdAt} style="day" />
                    </p>
                  </div>
                  <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:gap-4">
                    <span className="text-lg font-semibold tabular-nums">{formatMoney({ amount: iou.amount, currency: iou.currency })}</span>
                    <PayIouButton
                      iouId={iou.id}
                      description={iou.description}
                      shortBy={short ? fmt(iou.amount - Math.max(balance.amount, 0)) : null}
                      amount={formatMoney({ amount: iou.amount, currency: iou.currency })}
                      organisation={iou.organisation}
                      balanceNow={fmt(balance.amount)}
                      balanceAfter={fmt(short ? 0 : balance.amount - iou.amount)}
                    />
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </Card>

      <Card
        title="Recent activity"
        actions={
          <Link href="/wallet/statement" className="text-sm font-medium text-brand-700 hover:underline">
            Full statement
          </Link>
        }
      >
        {recent.rows.length === 0 ? (
          <EmptyState title="No activity yet">Top-ups, payments and transfers show here with your running balance.</EmptyState>
        ) : (
          <StatementTable rows={recent.rows} caption="Your last 10 wallet transactions" />
        )}
      </Card>

      <Card title="Emails">
        <LowBalanceToggle enabled={settings.lowBalanceWarnings} threshold={fmt(low)} />
      </Card>
    </div>
  );
}
