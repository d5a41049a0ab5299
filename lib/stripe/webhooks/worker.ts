import "server-only";
import type { Database } from "@/db/client";
import { processPendingEvents } from "./process";

const POLL_MS = 1_000;

interface WorkerState {
  running: boolean;
  wake: () => void;
}

const globalForWorker = globalThis as typeof globalThis & { __plazaWebhookWorker?: WorkerState };

/**
 * The in-process webhook processor started with the server: drains the inbox right after each stored event
 * and polls for due retries. Any number of instances may run it at once (claims use SKIP LOCKED).
 */
export function startWebhookWorker(getDb: () => Promise<Database>): void {
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
        await processPendingEvents(await getDb());
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
