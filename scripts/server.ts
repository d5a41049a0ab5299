/**
 * Plaza's HTTP server for `npm run dev` and `npm start`: Next.js for every route, except Stripe's webhook,
 * which is answered here directly. A Next route handler reaches ~0.85k signed events/s on this machine;
 * the webhook is the one endpoint whose throughput matters under load, so it gets a bare node:http path
 * running the very same `receiveWebhook` entry as the Next route (which stays for `next dev` alone).
 */
import { createServer } from "node:http";
import next from "next";
import { getDb } from "@/db/client";
import { CLIENT_ADDRESS_HEADER, resolveClientAddress } from "@/lib/auth/client-address";
import { env } from "@/lib/env";
import { serveNodeWebhook, WEBHOOK_PATH } from "@/lib/stripe/webhooks/node-entry";
import { wakeWebhookWorker } from "@/lib/stripe/webhooks/worker";

const dev = process.argv[2] === "dev";
const config = env();
const hostname = config.HOST;
// Development bundles with webpack: Turbopack's dev server, in a repository with npm workspaces (packages/stripe-emulator),
// answers every page load with "HMR hash mismatch" and reloads it in a loop. Production builds are unaffected.
const app = next({ dev, hostname, port: config.PORT, ...(dev ? { webpack: true } : {}) });
const handle = app.getRequestHandler();


await app.prepare();
createServer((req, res) => {
  // The only client address Plaza believes (rate limits): from the socket, through TRUSTED_PROXIES alone.
  // Whatever a client sent under this name is overwritten.
  req.headers[CLIENT_ADDRESS_HEADER] = resolveClientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], config.trustedProxies);
  if (req.method === "POST" && req.url?.split("?")[0] === WEBHOOK_PATH) {
    serveNodeWebhook(req, res, getDb, { platform: config.webhookSecret, connect: config.connectWebhookSecret }, wakeWebhookWorker);
    return;
  }
  void handle(req, res);
}).listen(config.PORT, hostname, () => {
  console.log(`[plaza] ${dev ? "development" : "production"} server on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${config.PORT}`);
});
