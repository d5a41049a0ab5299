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
