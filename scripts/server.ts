/**
 * Plaza's HTTP server for `npm run dev` and `npm start`: Next.js for every route, except Stripe's webhook,
 * which is answered here directly. A Next route handler reaches ~0.85k signed events/s on this machine;
 * the webhook is the one endpoint whose throughput matters under load, so it gets a bare node:http path
 * running the very same `ingestWebhook` function as the Next route (which stays for `next dev` alone).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import next from "next";
import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { ingestWebhook } from "@/lib/stripe/webhooks/ingest";
import { wakeWebhookWorker } from "@/lib/stripe/webhooks/worker";

const WEBHOOK_PATH = "/api/webhooks/stripe";
const MAX_WEBHOOK_BYTES = 1024 * 1024;

const dev = process.argv[2] === "dev";
const config = env();
const hostname = config.HOST;
const app = next({ dev, hostname, port: config.PORT });
const handle = app.getRequestHandler();

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_WEBHOOK_BYTES) {
        resolve(null);
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const json = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(json) });
  res.end(json);
}

async function handleWebhook(req: IncomingMessage, res: ServerResponse) {
  const raw = await readBody(req);
  if (!raw) return sendJson(res, 413, { error: { code: "invalid_request", message: "The webhook body is larger than 1 MiB." } });
  const signature = req.headers["stripe-signature"];
  const result = await ingestWebhook(await getDb(), raw, typeof signature === "string" ? signature : null, {
    platform: config.webhookSecret,
    connect: config.connectWebhookSecret,
  });
  sendJson(res, result.status, result.body);
  if (result.storedEventId) wakeWebhookWorker();
}

await app.prepare();
createServer((req, res) => {
  if (req.method === "POST" && req.url?.split("?")[0] === WEBHOOK_PATH) {
    handleWebhook(req, res).catch((e) => {
      console.error("[plaza] webhook ingest failed:", e instanceof Error ? e.message : e);
      if (!res.headersSent) sendJson(res, 500, { error: { code: "internal_error", message: "The event could not be stored; Stripe will retry." } });
    });
    return;
  }
  void handle(req, res);
}).listen(config.PORT, hostname, () => {
  console.log(`[plaza] ${dev ? "development" : "production"} server on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${config.PORT}`);
});
