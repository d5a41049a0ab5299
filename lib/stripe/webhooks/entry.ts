import "server-only";
import type { Database } from "@/db/client";
import { checkWebhook, storeCheckedEvent } from "./ingest";

/**
 * The one entry point for Stripe's webhook, used alike by the node:http fast path (scripts/server.ts) and the
 * Next route (app/api/webhooks/stripe/route.ts): the same size limit, the same refusals, the same answer when
 * storing fails. Callers pass the body as a stream of bytes and write the returned status and JSON.
 */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

export interface WebhookRequest {
  /** The raw body, as received (never parsed before the signature is checked). */
  body: AsyncIterable<Uint8Array> | null;
  contentLength: string | null;
  signature: string | null;
}

export interface WebhookAnswer {
  status: number;
  body: unknown;
  /** True when the body was not read to its end: the caller closes the connection after answering. */
  close: boolean;
  /** Set when a new event was stored, to wake the processor. */
  storedEventId?: string;
}

const TOO_LARGE: WebhookAnswer = {
  status: 413,
  body: { error: { code: "payload_too_large", message: `The webhook body is larger than ${MAX_WEBHOOK_BYTES / 1024 / 1024} MiB.` } },
  close: true,
};

/** Reads at most `limit` bytes; null as soon as the body is longer (the rest is never buffered). */
export async function readLimited(body: AsyncIterable<Uint8Array> | null, limit: number): Promise<Buffer | null> {
  if (!body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > limit) return null;
    chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
  return Buffer.concat(chunks);
}

export async function receiveWebhook(db: () => Promise<Database>, request: WebhookRequest, secrets: { platform: string; connect: string }): Promise<WebhookAnswer> {
  // A declared length over the limit is refused before reading a byte of it.
  const declared = request.contentLength !== null && /^\d+$/.test(request.contentLength) ? Number(request.contentLength) : null;
  if (declared !== null && declared > MAX_WEBHOOK_BYTES) return TOO_LARGE;
  let raw: Buffer | null;
  try {
    raw = await readLimited(request.body, MAX_WEBHOOK_BYTES);
  } catch {
    // The sender went away mid-body: nothing to store, and no one left to read a long answer.
    return { status: 400, body: { error: { code: "invalid_request", message: "The webhook body could not be read." } }, close: true };
  }
  if (!raw) return TOO_LARGE;
  try {
    // The database is opened only for a body worth storing: refusals cost no connection.
    const checked = checkWebhook(raw, request.signature, secrets);
    if (!checked.ok) return { status: checked.result.status, body: checked.result.body, close: false };
    const result = await storeCheckedEvent(await db(), checked.event);
    return { status: result.status, body: result.body, close: false, storedEventId: result.storedEventId };
  } catch (e) {
    // Only the message: the error of a failed insert can quote the payload, never the secrets, but stays short.
    console.error("[plaza] webhook ingest failed:", e instanceof Error ? e.message : String(e));
    return { status: 500, body: { error: { code: "internal_error", message: "The event could not be stored; Stripe will retry." } }, close: false };
  }
}

/** A web ReadableStream (a Next route's request.body) as the chunk iterable receiveWebhook reads. */
export async function* webStreamChunks(stream: ReadableStream<Uint8Array> | null): AsyncIterable<Uint8Array> {
  if (!stream) return;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Stops the upload when the limit was hit before its end.
    await reader.cancel().catch(() => undefined);
  }
}
