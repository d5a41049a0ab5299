import "server-only";
import type Stripe from "stripe";
import { z } from "zod";
import type { Database } from "@/db/client";
import { isStorableJson } from "@/lib/validation/text";
import { eventEnvelope } from "./event";
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
  invalid_event: "The webhook body is signed but is not a Stripe event object (id evt_..., type, created, data.object).",
} as const;

// Besides the envelope, the columns the inbox row is made of: a wrong type here would fail the insert (a 500).
const storableEvent = eventEnvelope.extend({
  livemode: z.boolean().optional(),
  api_version: z.string().nullable().optional(),
  account: z.string().optional(),
  created: z.number().int().min(0).max(253402300799),
});

export type CheckedWebhook = { ok: true; event: Stripe.Event } | { ok: false; result: IngestResult };

/** Everything before storage: the signature, then the event's shape. Needs no database. */
export function checkWebhook(rawBody: string | Buffer, signature: string | null, secrets: { platform: string; connect: string }): CheckedWebhook {
  const verified = verifyWebhook(rawBody, signature, secrets);
  if (!verified.ok) return { ok: false, result: { status: 400, body: { error: { code: verified.reason, message: REFUSALS[verified.reason] } } } };
  // Signed is not the same as well-formed: a number, an array or an object without a string id would crash the
  // insert, and a NUL inside any string is refused by jsonb.
  if (!storableEvent.safeParse(verified.event).success || !isStorableJson(verified.event)) {
    return { ok: false, result: { status: 400, body: { error: { code: "invalid_event", message: REFUSALS.invalid_event } } } };
  }
  return { ok: true, event: verified.event };
}

/** Stores a checked event and answers 2xx only after the commit. */
export async function storeCheckedEvent(db: Database, event: Stripe.Event): Promise<IngestResult> {
  const stored = await storeEvent(db, event);
  return { status: 200, body: { received: true, duplicate: !stored, id: event.id }, storedEventId: stored ? event.id : undefined };
}

/**
 * The whole receive path, shared by the Next route and the fast ingest server (through entry.ts): verify the
 * raw body, check it is an event object, store the event, and only then answer 2xx. Nothing is stored when
 * either check fails.
 */
export async function ingestWebhook(db: Database, rawBody: string | Buffer, signature: string | null, secrets: { platform: string; connect: string }): Promise<IngestResult> {
  const checked = checkWebhook(rawBody, signature, secrets);
  return checked.ok ? storeCheckedEvent(db, checked.event) : checked.result;
}
