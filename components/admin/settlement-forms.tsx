"use client";
import { useActionState } from "react";
import { confirmSettlementAction, proposeSettlementAction, retryLineAction } from "@/app/admin/settlements/actions";
import type { ActionState } from "@/components/forms/action-state";
import { formatMoney, minorToMajorString } from "@/lib/money";
import { Alert } from "@/components/ui/alert";
import { DataTable } from "@/components/ui/data-table";
import { Field } from "@/components/ui/field";
import { ReviewPanel, typedAmount, useReviewStep } from "@/components/ui/review";
import { SubmitButton } from "@/components/ui/submit-button";

export function ProposeSettlementForm({ defaultDate }: { defaultDate: string }) {
  const [state, action] = useActionState<ActionState, FormData>(proposeSettlementAction, {});
  return (
    <form action={action} className="flex flex-wrap items-end gap-3" aria-label="Propose a settlement" noValidate>
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      <div className="w-full max-w-xs">
        <Field
          label="Reference date"
          name="referenceDate"
          id="settlement-reference-date"
          type="date"
          required
          defaultValue={state.values?.referenceDate ?? defaultDate}
          error={state.fieldErrors?.referenceDate}
          hint="Balances at the end of this day are settled. Default: the last day of last month."
        />
      </div>
      <SubmitButton pendingLabel="Preparing…">Prepare the proposal</SubmitButton>
    </form>
  );
}

export interface ProposedLine {
  orgSlug: string;
  orgName: string;
  balance: number;
  float: number;
  fee: number;
  amount: number;
  method: "stripe_transfer" | "bank";
}

/**
 * The proposal's lines, each amount editable (lower it, or drop the line), then a review of the totals (how
 * many organisations, how much by Stripe transfer and by bank) and an explicit "Confirm and pay".
 */
export function SettlementConfirmForm({ settlementId, currency, lines }: { settlementId: string; currency: string; lines: ProposedLine[] }) {
  const [state, action] = useActionState<ActionState, FormData>(confirmSettlementAction, {});
  const fmt = (amount: number) => formatMoney({ amount, currency });
  const { review, onSubmit, back } = useReviewStep(action, state, (values) => {
    let transfer = 0;
    let bank = 0;
    let count = 0;
    let lowered = 0;
    for (const l of lines) {
      if (values.get(`drop:${l.orgSlug}`) === "on") continue;
      const typed = String(values.get(`amount:${l.orgSlug}`) ?? "").trim();
      const amount = typed ? typedAmount(typed, currency) : l.amount;
      if (amount === null || amount > l.amount) return null; // the server explains
      if (amount !== l.amount) lowered++;
      count++;
      if (l.method === "stripe_transfer") transfer += amount;
      else bank += amount;
    }
    return { transfer, bank, count, lowered, dropped: lines.length - count };
  });
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Confirm the settlement">
      <input type="hidden" name="settlementId" value={settlementId} />
      {state.error ? <Alert tone="error" testId="settlement-error">{state.error}</Alert> : null}
      {state.success ? <Alert tone="success" testId="settlement-success">{state.success}</Alert> : null}
      <div hidden={Boolean(review)} className="space-y-4">
        <DataTable
          caption="Proposed settlement lines"
          testId="settlement-proposal"
          minWidth={880}
          rows={lines}
          rowKey={(l) => l.orgSlug}
          rowAttributes={(l) => ({ "data-testid": `proposal-line-${l.orgSlug}` })}
          columns={[
            { header: "Organisation", cell: (l) => l.orgName },
            { header: "Balance", cell: (l) => fmt(l.balance), align: "right", nowrap: true },
            { header: "Float", cell: (l) => fmt(l.float), align: "right", nowrap: true },
            { header: "Fee", cell: (l) => fmt(l.fee), align: "right", nowrap: true },
            { header: "Paid by", cell: (l) => (l.method === "stripe_transfer" ? "Stripe transfer" : "Bank payment"), nowrap: true },
            {
              header: "Amount",
              cell: (l) => (
                <label className="block">
                  <span className="sr-only">Amount for {l.orgName}</span>
                  <input
                    name={`amount:${l.orgSlug}`}
                    inputMode="decimal"
                    defaultValue={minorToMajorString(l.amount, currency)}
                    aria-invalid={state.fieldErrors?.[`amount:${l.orgSlug}`] ? true : undefined}
                    className="w-28 rounded-md border border-slate-300 px-2 py-1 text-right text-sm tabular-nums"
                  />
                </label>
              ),
              align: "right",
            },
            {
              header: "Drop",
              cell: (l) => (
                <label className="inline-flex items-center gap-1 text-sm">
                  <input type="checkbox" name={`drop:${l.orgSlug}`} className="h-4 w-4" />
                  <span>Leave out</span>
                </label>
              ),
            },
          ]}
        />
        <p className="text-xs text-slate-500">Lower an amount or leave a line out; the fee follows the lowered amount. You&apos;ll see the totals and confirm before any money moves.</p>
        <SubmitButton pendingLabel="Checking…">Review the settlement</SubmitButton>
      </div>
      {review ? (
        <ReviewPanel
          testId="settlement-review"
          title="Check the settlement"
          lines={[
            { label: "Organisations paid", value: String(review.count), testId: "settlement-review-count" },
            { label: "By Stripe transfer", value: fmt(review.transfer), testId: "settlement-review-transfer" },
            { label: "Recorded as bank payments (bank CSV)", value: fmt(review.bank), testId: "settlement-review-bank" },
            { label: "Total paid", value: fmt(review.transfer + review.bank), testId: "settlement-review-total" },
            { label: "Lines lowered / left out", value: `${review.lowered} / ${review.dropped}` },
            { label: "Each organisation's balance after", value: "its minimum float (plus money received after the reference date)" },
          ]}
          note="Transfers are made at once and cannot be undone from Plaza. Confirming again later pays nothing more."
          confirmLabel={`Confirm and pay ${fmt(review.transfer + review.bank)}`}
          pendingLabel="Paying…"
          onBack={back}
        />
      ) : null}
    </form>
  );
}

/** Pays a failed line again, after a review of what will be paid and to whom. */
export function RetryLineForm({ settlementId, lineId, orgName, amount, currency }: { settlementId: string; lineId: string; orgName: string; amount: number; currency: string }) {
  const [state, action] = useActionState<ActionState, FormData>(retryLineAction, {});
  const { review, onSubmit, back } = useReviewStep(action, state, () => ({ amount }));
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-2" aria-label={`Retry the payment to ${orgName}`}>
      <input type="hidden" name="settlementId" value={settlementId} />
      <input type="hidden" name="lineId" value={lineId} />
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      {state.success ? <Alert tone="success">{state.success}</Alert> : null}
      <div hidden={Boolean(review)}>
        <SubmitButton pendingLabel="Checking…" variant="secondary">
          Retry
        </SubmitButton>
      </div>
      {review ? (
        <ReviewPanel
          title="Retry this payment"
          lines={[
            { label: "To", value: orgName },
            { label: "Amount", value: formatMoney({ amount: review.amount, currency }) },
          ]}
          note="The transfer uses the line's idempotency key, so it cannot be paid twice."
          confirmLabel="Confirm and retry"
          pendingLabel="Paying…"
          onBack={back}
        />
      ) : null}
    </form>
  );
}
