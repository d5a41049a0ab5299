import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Database } from "@/db/client";
import { startEmulator, type RunningEmulator } from "@/lib/stripe-emulator";
import { ingestWebhook } from "@/lib/stripe/webhooks/ingest";
import { processPendingEvents } from "@/lib/stripe/webhooks/process";
import { webhookApp } from "@/lib/webhook-app";

export const TEST_WEBHOOK_SECRET = "whsec_wallet_tests_secret";

/**
 * A Stripe emulator delivering signed webhooks to an in-test receiver that runs Plaza's real ingest path
 * against the current test database. `drain()` is the worker: it processes the inbox.
 */
export interface StripeHarness {
  emulator: RunningEmulator;
  /** Raw bodies of every webhook delivered, for conformance checks. */
  received: string[];
  requestLog(): Promise<{ method: string; path: string; params: unknown; status: number; body: unknown }[]>;
  useDatabase(db: Database): void;
  drain(): Promise<number>;
  control(path: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

export async function startStripeHarness(): Promise<StripeHarness> {
  let current: Database | undefined;
  const received: string[] = [];
  const receiver: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (!current) {
        res.writeHead(503).end();
        return;
      }
      received.push(Buffer.concat(chunks).toString("utf8"));
      const header = req.headers["stripe-signature"];
      ingestWebhook(current, Buffer.concat(chunks), typeof header === "string" ? header : null, { platform: TEST_WEBHOOK_SECRET, connect: TEST_WEBHOOK_SECRET })
        .then((r) => res.writeHead(r.status, { "Content-Type": "application/json" }).end(JSON.stringify(r.body)))
        .catch(() => res.writeHead(500).end());
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const receiverPort = (receiver.address() as AddressInfo).port; // listen(0) on a TCP host always yields AddressInfo
  const emulator = await startEmulator({
    port: 0,
    deliveryMode: "sync",
    webhookUrl: `http://127.0.0.1:${receiverPort}/webhook`,
    webhookSecret: TEST_WEBHOOK_SECRET,
    quiet: true,
  });
  // The app's Stripe client reads these once, at its first use.
  process.env.STRIPE_EMULATOR_PORT = String(emulator.port);
  process.env.STRIPE_EMULATOR_URL = `http://localhost:${emulator.port}`;
  process.env.STRIPE_WEBHOOK_SECRET = TEST_WEBHOOK_SECRET;
  return {
    emulator,
    received,
    async requestLog() {
      const r = await fetch(`${emulator.url}/_emu/requests`, { headers: { Authorization: "Bearer sk_test_plaza_emulator" } });
      const body: { data: { method: string; path: string; params: unknown; status: number; body: unknown }[] } = await r.json();
      return body.data;
    },
    useDatabase(db) {
      current = db;
    },
    drain: () => {
      if (!current) throw new Error("no database in use");
      return processPendingEvents(current, webhookApp);
    },
    async control(path, body = {}) {
      const r = await fetch(`${emulator.url}${path}`, {
        method: "POST",
        headers: { Authorization: "Bearer sk_test_plaza_emulator", "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      if (!r.ok) throw new Error(`emulator ${path} answered ${r.status}: ${await r.text()}`);
      return r.json();
    },
    async close() {
      await emulator.close();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    },
  };
}
