import "server-only";
import { getDatabaseDriver, getDb } from "@/db/client";
import { seedAftersaleDemo } from "@/db/seed/aftersale";
import { isDatabaseEmpty, seedDemoData } from "@/db/seed/demo";
import { ensureDemoSellers } from "@/lib/connect/demo";
import { ensureDemoPlatformFunds } from "@/lib/settlement/demo-funds";
import { env } from "@/lib/env";
import { firstOwnerOf } from "@/lib/orgs/queries";
import { startWebhookWorker } from "@/lib/stripe/webhooks/worker";
import { webhookApp } from "@/lib/webhook-app";

/**
 * Runs once when the server starts (instrumentation.ts): validates the environment, applies migrations, and
 * seeds the demo data into an empty embedded database (never into a Postgres database without the command).
 */
export async function startServer(): Promise<void> {
  const e = env();
  const db = await getDb();
  if ((await getDatabaseDriver()) === "pglite" && (await isDatabaseEmpty(db))) {
    await seedDemoData(db);
    console.log("[plaza] seeded the demo users into the empty embedded database (password: plaza-demo)");
  }
  // Demo sellers need Stripe accounts in the emulator (which forgets them when it restarts).
  if (e.stripeMode === "emulator" && e.demoMode) await ensureDemoSellers(db, (orgId) => firstOwnerOf(db, orgId));
  if (e.stripeMode === "emulator" && e.demoMode) await ensureDemoPlatformFunds(db).catch((err) => console.error("[plaza] could not fund the demo platform balance", err instanceof Error ? err.message : err));
  // Not awaited: it buys and refunds through the emulator, whose webhooks come back to this server, which
  // serves requests only once this function has returned.
  if (e.stripeMode === "emulator" && e.demoMode) void seedAftersaleDemo(db).catch((err: unknown) => console.error("[plaza] after-sale demo data:", err instanceof Error ? err.message : err));
  // An ingest-only instance (WEBHOOK_WORKER=off) leaves processing to the instances that run the worker.
  if (e.WEBHOOK_WORKER === "on") startWebhookWorker(getDb, webhookApp);
  console.log(`[plaza] ready: database=${e.databaseDriver} stripe=${e.stripeMode} url=${e.appUrl}`);
}
