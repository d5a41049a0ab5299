import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { receiveWebhook, webStreamChunks } from "@/lib/stripe/webhooks/entry";
import { wakeWebhookWorker } from "@/lib/stripe/webhooks/worker";

export const dynamic = "force-dynamic";

/** Stripe's webhook under `next dev` alone; `npm run dev|start` answers it in scripts/server.ts with the same entry. */
export async function POST(request: Request) {
  const e = env();
  const answer = await receiveWebhook(
    getDb,
    { body: webStreamChunks(request.body), contentLength: request.headers.get("content-length"), signature: request.headers.get("stripe-signature") },
    { platform: e.webhookSecret, connect: e.connectWebhookSecret },
  );
  if (answer.storedEventId) wakeWebhookWorker();
  return NextResponse.json(answer.body, { status: answer.status, headers: { "Cache-Control": "no-store" } });
}
