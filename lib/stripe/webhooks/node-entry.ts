import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Database } from "@/db/client";
import { BASE_SECURITY_HEADERS, NON_DOCUMENT_CSP } from "@/lib/security-headers";
import { receiveWebhook } from "./entry";

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === "string" ? value : null;
}

/** The request body as chunks; stopping early (the size limit) leaves the socket open to send the 413. */
function requestChunks(req: IncomingMessage): AsyncIterable<Uint8Array> {
  return { [Symbol.asyncIterator]: () => req.iterator({ destroyOnReturn: false }) };
}

/**
 * receiveWebhook on a node:http request (scripts/server.ts's fast path): writes the answer with the security
 * headers, and after an oversized body closes the connection once the 413 is sent instead of reading on.
 */
export async function answerNodeWebhook(
  req: IncomingMessage,
  res: ServerResponse,
  db: () => Promise<Database>,
  secrets: { platform: string; connect: string },
): Promise<{ storedEventId?: string }> {
  const answer = await receiveWebhook(db, { body: requestChunks(req), contentLength: header(req, "content-length"), signature: header(req, "stripe-signature") }, secrets);
  const json = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    ...BASE_SECURITY_HEADERS,
    "Content-Security-Policy": NON_DOCUMENT_CSP,
    "Cache-Control": "no-store",
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(json),
    ...(answer.close ? { Connection: "close" } : {}),
  });
  res.end(json, () => {
    if (answer.close) req.socket.destroy();
  });
  return { storedEventId: answer.storedEventId };
}

/** Where Stripe delivers: the Next route, the fast path in scripts/server.ts and `npm run ingest` all answer here. */
export const WEBHOOK_PATH = "/api/webhooks/stripe";

/**
 * answerNodeWebhook for a server's request handler: `onStored` runs after a new event was stored (to wake the
 * worker), and an unexpected failure is answered 500 (Stripe retries) instead of leaving the request hanging.
 */
export function serveNodeWebhook(
  req: IncomingMessage,
  res: ServerResponse,
  db: () => Promise<Database>,
  secrets: { platform: string; connect: string },
  onStored: () => void,
): void {
  answerNodeWebhook(req, res, db, secrets).then(
    ({ storedEventId }) => {
      if (storedEventId) onStored();
    },
    (e: unknown) => {
      console.error("[plaza] webhook answer failed:", e instanceof Error ? e.message : e);
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "application/json" }).end(JSON.stringify({ error: { code: "internal_error", message: "The event could not be stored; Stripe will retry." } }));
    },
  );
}
