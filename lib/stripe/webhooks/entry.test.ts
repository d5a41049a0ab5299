import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { connect } from "node:net";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing";
import type { Database } from "@/db/client";
import { stripeEvents } from "@/db/schema";
import { MAX_WEBHOOK_BYTES, receiveWebhook, webStreamChunks } from "./entry";
import { answerNodeWebhook } from "./node-entry";
import { POST as nextRoute } from "@/app/api/webhooks/stripe/route";
import { checkoutSessionEvent, signed } from "./testing/events";

const secrets = { platform: "whsec_entry_platform", connect: "whsec_entry_connect" };
const [driver] = await testDrivers();

async function* chunksOf(body: string | Buffer, size = 64 * 1024): AsyncIterable<Uint8Array> {
  const bytes = Buffer.from(body);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe(`the one webhook entry on ${driver}`, () => {
  let t: TestDatabase;
  const db = async (): Promise<Database> => t.db;
  let server: Server;
  let port: number;

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    process.env.STRIPE_WEBHOOK_SECRET = secrets.platform;
    process.env.STRIPE_CONNECT_WEBHOOK_SECRET = secrets.connect;
    // The node:http fast path exactly as scripts/server.ts mounts it.
    server = createServer((req, res) => void answerNodeWebhook(req, res, db, secrets));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port; // a TCP listen always yields AddressInfo
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await t?.close();
  });
  beforeEach(async () => {
    await t.db.execute(sql`truncate stripe_events`);
  });

  const stored = async () => (await t.db.select().from(stripeEvents)).length;

  it("answers 413 to a declared oversized body without reading it, and to an undeclared one once past the limit", async () => {
    let pulled = 0;
    async function* endless(): AsyncIterable<Uint8Array> {
      for (;;) {
        pulled++;
        yield new Uint8Array(64 * 1024);
      }
    }
    const declared = await receiveWebhook(db, { body: endless(), contentLength: String(MAX_WEBHOOK_BYTES + 1), signature: "t=1,v1=x" }, secrets);
    expect(declared).toMatchObject({ status: 413, close: true, body: { error: { code: "payload_too_large" } } });
    expect(pulled).toBe(0);
    const streamed = await receiveWebhook(db, { body: endless(), contentLength: null, signature: "t=1,v1=x" }, secrets);
    expect(streamed).toMatchObject({ status: 413, close: true });
    expect(pulled).toBe(MAX_WEBHOOK_BYTES / (64 * 1024) + 1);
  });

  it("refuses correctly signed bodies that are not event objects with 400 invalid_event, storing nothing", async () => {
    const good = checkoutSessionEvent("checkout.session.completed", { id: "cs_entry" });
    const notEvents: unknown[] = [
      123,
      "evt_1",
      [good],
      null,
      { ...good, id: 42 },
      { ...good, id: "not_an_event_id" },
      { ...good, type: 7 },
      { ...good, data: null },
      { ...good, data: { object: "x" } },
      { ...good, created: "yesterday" },
      { ...good, livemode: "maybe" },
      { ...good, data: { object: { id: "cs_nul", note: "a\u0000b" } } },
    ];
    for (const body of notEvents) {
      const { payload, signature } = signed(body, secrets.platform);
      const answer = await receiveWebhook(db, { body: chunksOf(payload), contentLength: String(Buffer.byteLength(payload)), signature }, secrets);
      expect(answer, JSON.stringify(body)).toMatchObject({ status: 400, body: { error: { code: "invalid_event" } } });
    }
    expect(await stored()).toBe(0);
    const { payload, signature } = signed(good, secrets.platform);
    expect(await receiveWebhook(db, { body: chunksOf(payload), contentLength: null, signature }, secrets)).toMatchObject({ status: 200, body: { received: true, id: good.id } });
    expect(await stored()).toBe(1);
  });

  it("answers 500 with the error shape when the event cannot be stored (Stripe retries)", async () => {
    const { payload, signature } = signed(checkoutSessionEvent("checkout.session.completed", {}), secrets.platform);
    const broken = async (): Promise<Database> => {
      throw new Error("database is down");
    };
    const answer = await receiveWebhook(broken, { body: chunksOf(payload), contentLength: null, signature }, secrets);
    expect(answer).toMatchObject({ status: 500, body: { error: { code: "internal_error" } } });
  });

  it("node:http fast path: the 413 is answered, then the connection is closed", async () => {
    const reply = await new Promise<{ text: string; closed: boolean }>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1");
      let text = "";
      socket.on("data", (d) => (text += d.toString("utf8")));
      socket.on("close", () => resolve({ text, closed: true }));
      socket.on("error", reject);
      socket.write(`POST /api/webhooks/stripe HTTP/1.1\r\nHost: x\r\nStripe-Signature: t=1,v1=x\r\nTransfer-Encoding: chunked\r\n\r\n`);
      // Keeps sending past the limit; the server must answer and hang up rather than reset mid-write.
      const chunk = Buffer.alloc(256 * 1024, 97);
      let sent = 0;
      const pump = () => {
        while (sent < 8 && !socket.destroyed) {
          sent++;
          if (!socket.write(`${chunk.length.toString(16)}\r\n${chunk.toString("latin1")}\r\n`)) return socket.once("drain", pump);
        }
      };
      pump();
    });
    expect(reply.text).toMatch(/^HTTP\/1\.1 413 /);
    expect(reply.text).toContain('"code":"payload_too_large"');
    expect(reply.text.toLowerCase()).toContain("x-content-type-options: nosniff");
    expect(reply.closed).toBe(true);
  });

  it("the Next route answers through the same entry: same 413, same refusals", async () => {
    const big = new Request("http://localhost/api/webhooks/stripe", { method: "POST", headers: { "stripe-signature": "t=1,v1=x" }, body: Buffer.alloc(MAX_WEBHOOK_BYTES + 10) });
    const tooLarge = await nextRoute(big);
    expect(tooLarge.status).toBe(413);
    expect((await tooLarge.json()).error.code).toBe("payload_too_large");
    const unsigned = await nextRoute(new Request("http://localhost/api/webhooks/stripe", { method: "POST", body: "{}" }));
    expect(unsigned.status).toBe(400);
    expect((await unsigned.json()).error.code).toBe("missing_signature");
    expect(await stored()).toBe(0);
  });

  it("reads a web stream (the Next route's body) chunk by chunk", async () => {
    const stream = new Response("hello world").body;
    const parts: string[] = [];
    for await (const c of webStreamChunks(stream)) parts.push(Buffer.from(c).toString("utf8"));
    expect(parts.join("")).toBe("hello world");
  });
});
