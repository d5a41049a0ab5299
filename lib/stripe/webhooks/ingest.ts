import "server-only";
import type { Database } from "@/db/client";
import { storeEvent } from "./inbox";
import { verifyWebhook } from "./verify";

export interface IngestResult {
  status: number;
  body: { received: true; duplicate: boolean; id: string } | { error: { code: string; message: string } };
  /** The stored event id, to wake the processor; absent for duplicates and refusals. */
  storedEventId?: string;
}

const REFUSALS = {
  missing_signature: "The Stripe-Signature header is missing.",
  invalid_signature: "The Stripe-Signature header does not verify against this endpoint's secrets, or its timestamp is too old.",
  invalid_json: "The webhook body is not valid JSON.",
} as const;

/**
 * The whole receive path, shared by the Next route and the fast ingest server: verify the raw body, store the
 * event, and only then answer 2xx. Nothing is stored when verification fails.
 */
export async function ingestWebhook(db: Database, rawBody: string | Buffer, signature: string | null, secrets: { platform: string; connect: string }): Promise<IngestResult> {
  const verified = verifyWebhook(rawBody, signature, secrets);
  if (!verified.ok) return { status: 400, body: { error: { code: verified.reason, message: REFUSALS[verified.reason] } } };
  const stored = await storeEvent(db, verified.event);
  return {
    status: 200,
    body: { received: true, duplicate: !stored, id: verified.event.id },
    storedEventId: stored ? verified.event.id : undefined,
  };
}
