import "server-only";
import { getDatabaseDriver, type Database } from "@/db/client";
import type { WebhookApp } from "./app";
import { processPendingEvents } from "./process";

const POLL_MS = 1_000;
// Parallel claim loops per instance on Postgres (SKIP LOCKED hands each loop a different event); PGlite has
// one connection, so one loop.
const POSTGRES_CONCURRENCY = 4;

interface WorkerState {
  running: boolean;
  wake: () => void;
}

const globalForWorker = globalThis as typeof globalThis & { __plazaWebhookWorker?: WorkerState };

/**
 * The in-process webhook processor started with the server: drains the inbox right after each stored event
 * and polls for due retries. Any number of instances may run it at once (claims use SKIP LOCKED).
 */
export function startWebhookWorker(getDb: () => Promise<Database>, app: WebhookApp): void {
  if (globalForWorker.__plazaWebhookWorker?.running) return;
  let timer: NodeJS.Timeout | undefined;
  let busy = false;
  let again = false;
  const state: WorkerState = { running: true, wake: () => void tick() };
  globalForWorker.__plazaWebhookWorker = state;

  async function tick() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    clearTimeout(timer);
    try {
      do {
        again = false;
        const db = await getDb();
        const loops = (await getDatabaseDriver()) === "postgres" ? POSTGRES_CONCURRENCY : 1;
        await Promise.all(Array.from({ length: loops }, () => processPendingEvents(db, app)));
      } while (again);
    } catch (e) {
      console.error("[plaza] webhook worker:", e instanceof Error ? e.message : e);
    } finally {
      busy = false;
      if (state.running) timer = setTimeout(() => void tick(), POLL_MS);
    }
  }
  void tick();
}

/** Asks the local worker to process now (after a new event was stored); a no-op where none runs. */
export function wakeWebhookWorker(): void {
  globalForWorker.__plazaWebhookWorker?.wake();
}
