/**
 * `npm run ingest`: a dedicated webhook ingest process. It answers Stripe's webhook (POST /api/webhooks/stripe)
 * with the same entry as `npm start` (lib/stripe/webhooks/entry.ts: size limit, signature, shape, insert,
 * 2xx after the commit) on bare node:http, with no Next.js in the process: no Next heap, timers or request
 * pipeline next to the hot path. It listens on WEBHOOK_INGEST_PORT (else PORT), answers GET /api/health, and
 * with WEBHOOK_WORKER=on (the default) also runs the webhook worker; set it off to leave processing to the app
 * instances (their workers poll the inbox every second). See README, "Performance".
 */
import { createServer } from "node:http";
import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { CLIENT_ADDRESS_HEADER, resolveClientAddress } from "@/lib/auth/client-address";
import { serveNodeWebhook, WEBHOOK_PATH } from "@/lib/stripe/webhooks/node-entry";
import { startWebhookWorker, wakeWebhookWorker } from "@/lib/stripe/webhooks/worker";
import { webhookApp } from "@/lib/webhook-app";

const config = env(); // a bad variable stops the process with a message naming it
const secrets = { platform: config.webhookSecret, connect: config.connectWebhookSecret };
const port = config.WEBHOOK_INGEST_PORT ?? config.PORT;
await getDb(); // opened and migrated before the first delivery
if (config.WEBHOOK_WORKER === "on") startWebhookWorker(getDb, webhookApp);

createServer((req, res) => {
  req.headers[CLIENT_ADDRESS_HEADER] = resolveClientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], config.trustedProxies);
  const path = req.url?.split("?")[0];
  if (req.method === "POST" && path === WEBHOOK_PATH) {
    serveNodeWebhook(req, res, getDb, secrets, wakeWebhookWorker);
    return;
  }
  if (req.method === "GET" && path === "/api/health") {
    res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" }).end('{"ok":true}');
    return;
  }
  res.writeHead(404, { "Content-Type": "application/json" }).end(JSON.stringify({ error: { code: "not_found", message: `This process only receives Stripe webhooks at POST ${WEBHOOK_PATH}.` } }));
}).listen(port, config.HOST, () => {
  console.log(`[plaza] webhook ingest on http://${config.HOST === "0.0.0.0" ? "localhost" : config.HOST}:${port}${WEBHOOK_PATH} (worker ${config.WEBHOOK_WORKER})`);
});
