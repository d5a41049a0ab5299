/**
 * The ceiling for webhook ingest: a bare node:http server doing the same work as Plaza's ingest (read the raw
 * body, verify the Stripe signature with stripe-node, insert into stripe_events with ON CONFLICT DO NOTHING,
 * answer after the commit) with nothing else. Used only by scripts/bench/webhooks.ts.
 */
import { createServer } from "node:http";
import pg from "pg";
import Stripe from "stripe";

const url = process.env.BENCH_DATABASE_URL;
const secret = process.env.BENCH_WEBHOOK_SECRET;
const port = Number(process.env.BENCH_PORT);
if (!url || !secret || !port) throw new Error("BENCH_DATABASE_URL, BENCH_WEBHOOK_SECRET and BENCH_PORT are required");
const pool = new pg.Pool({ connectionString: url, max: 10 });
const verifier = new Stripe("sk_test_bench");

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", async () => {
    try {
      const raw = Buffer.concat(chunks);
      const event = verifier.webhooks.constructEvent(raw, String(req.headers["stripe-signature"]), secret, 300);
      await pool.query(
        `insert into stripe_events (id, type, account, api_version, livemode, stripe_created_at, payload)
         values ($1, $2, $3, $4, $5, to_timestamp($6), $7) on conflict (id) do nothing`,
        [event.id, event.type, event.account ?? null, event.api_version, event.livemode, event.created, event],
      );
      res.writeHead(200, { "Content-Type": "application/json" }).end('{"received":true}');
    } catch {
      res.writeHead(400).end();
    }
  });
}).listen(port, "127.0.0.1", () => console.log("ready"));
