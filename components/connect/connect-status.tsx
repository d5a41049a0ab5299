import type { ConnectStatus } from "@/lib/connect/can-sell";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date";

const KIND_LABEL = { standard: "Standard (your Stripe account)", express: "Express", custom: "Custom (set up on Plaza)" } as const;

/** The connected account's state and, in plain words, every reason it can't sell or be paid yet. */
export function ConnectStatusPanel({ status }: { status: ConnectStatus }) {
  const a = status.account;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <span data-testid="can-sell" data-can-sell={status.canSell ? "true" : "false"}>
          <Badge tone={status.canSell ? "green" : "amber"}>{status.canSell ? "Can sell" : "Can't sell yet"}</Badge>
        </span>
        {a ? (
          <span className="text-sm text-slate-700">
            {KIND_LABEL[a.kind]} · <span className="font-mono text-xs">{a.id}</span>
          </span>
        ) : null}
      </div>
      {a ? (
        <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
          <div>
            <dt className="text-slate-500">Card payments</dt>
            <dd className="font-medium">{a.chargesEnabled ? "On" : "Off"}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Payouts</dt>
            <dd className="font-medium">{a.payoutsEnabled ? "On" : "Off"}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Details</dt>
            <dd className="font-medium">{a.detailsSubmitted ? "Submitted" : "Not finished"}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Deadline</dt>
            <dd className="font-medium">{a.requirements.currentDeadline ? <DateTime value={new Date(a.requirements.currentDeadline)} style="day" /> : "None"}</dd>
          </div>
        </dl>
      ) : null}
      {status.reasons.length ? (
        <ul className="space-y-2" data-testid="sell-reasons">
          {status.reasons.map((r) => (
            <li key={r.code + r.message} data-testid="sell-reason" data-code={r.code}>
              <Alert tone={r.severity === "blocking" ? "warning" : "info"} title={r.message}>
                {r.action}
              </Alert>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
