import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { ingestWebhook } from "@/lib/stripe/webhooks/ingest";
import { wakeWebhookWorker } from "@/lib/stripe/webhooks/worker";

export const dynamic = "force-dynamic";

/** Stripe's webhook: verify the raw bytes, store in the inbox, answer 2xx only after the commit. */
export async function POST(request: Request) {
  const raw = Buffer.from(await request.arrayBuffer());
  const e = env();
  const result = await ingestWebhook(await getDb(), raw, request.headers.get("stripe-signature"), { platform: e.webhookSecret, connect: e.connectWebhookSecret });
  if (result.storedEventId) wakeWebhookWorker();
  return NextResponse.json(result.body, { status: result.status });
}
