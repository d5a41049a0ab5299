import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { listOutbox } from "@/lib/notify/outbox";
import { devOutboxEnabled } from "@/lib/notify/dev-outbox";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date";

export const metadata = { title: "Dev outbox" };

export default async function DevOutboxPage() {
  if (!devOutboxEnabled()) notFound();
  // Every user's emails (sign-in links, amounts, names): platform admins only.
  await guardPage(requireRole("platform_admin"), "/dev/outbox");
  const emails = await listOutbox(await getDb(), 100);
  return (
    <div className="space-y-6">
      <PageHeader title="Dev outbox" description="SMTP is not configured, so Plaza keeps its emails here instead of sending them. Newest first, last 100." />
      {emails.length === 0 ? (
        <EmptyState title="No emails yet">Top-ups, transfers, IOUs and low-balance warnings queue emails here.</EmptyState>
      ) : (
        <ul className="space-y-4" data-testid="outbox">
          {emails.map((m) => (
            <li key={m.id} data-testid="outbox-email">
              <Card>
                <div className="flex flex-col gap-1 sm:flex-row sm:items-baseline sm:justify-between">
                  <p className="font-semibold text-slate-900" data-testid="outbox-subject">
                    {m.subject}
                  </p>
                  <DateTime value={m.createdAt} style="seconds" className="text-xs text-slate-500" />
                </div>
                <p className="mt-1 text-sm text-slate-600">
                  To <span data-testid="outbox-to">{m.toEmail}</span> · {m.template}
                </p>
                <pre className="mt-3 whitespace-pre-wrap break-words rounded-md bg-slate-50 p-3 font-sans text-sm text-slate-800">{m.body}</pre>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
