import "server-only";
import { getDatabaseDriver, type Database, type DatabaseDriver } from "@/db/client";
import type { WebhookApp } from "./app";
import { processEventBatches } from "./process";

const POLL_MS = 1_000;

/** The app's Postgres pool size (db/client.ts openDatabase default), which the worker's loops share with requests. */
export const WORKER_POOL_SIZE = 10;

/**
 * Parallel claim loops per instance. Batched (the worker): ONE loop per instance on Postgres. Two batch loops
 * deadlocked (129 of 1000 events retried in the processing bench): each batch holds, to its commit, the
 * clearing-account shards and wallets of the events it already processed and takes the others in event order,
 * so two batches meet in opposite orders (see PERFORMANCE.md). One loop leaves 9 of the pool's 10 connections to
 * requests. Per event (the old path, the benchmark's baseline): 4 loops. PGlite has one connection: one loop.
 */
export function workerLoops(driver: DatabaseDriver): { batched: number; perEvent: number } {
  return driver === "postgres" ? { batched: 1, perEvent: 4 } : { batched: 1, perEvent: 1 };
}
/** How often a worker sweeps the app's queued after-commit work (refunds a crash left undone). */
export const PENDING_WORK_MS = 10_000;

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
  let lastSweep = 0;
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
        const loops = workerLoops(await getDatabaseDriver()).batched;
        await Promise.all(Array.from({ length: loops }, () => processEventBatches(db, app)));
      } while (again);
      if (Date.now() - lastSweep >= PENDING_WORK_MS) {
        lastSweep = Date.now();
        await sweepPendingWork(await getDb(), app);
      }
    } catch (e) {
      console.error("[plaza] webhook worker:", e instanceof Error ? e.message : e);
    } finally {
      busy = false;
      if (state.running) timer = setTimeout(() => void tick(), POLL_MS);
    }
  }
  void tick();
}

/** The app's queued after-commit work, with no transaction open; a failure is logged and retried next sweep. */
export async function sweepPendingWork(db: Database, app: WebhookApp): Promise<void> {
  try {
    await app.pendingWork?.(db);
  } catch (e) {
    console.warn("[plaza] webhook worker, queued work:", e instanceof Error ? e.message : e);
  }
}

/** Stops this process's worker after its current tick (tests). */
export function stopWebhookWorker(): void {
  const state = globalForWorker.__plazaWebhookWorker;
  if (state) state.running = false;
}

/** Asks the local worker to process now (after a new event was stored); a no-op where none runs. */
export function wakeWebhookWorker(): void {
  globalForWorker.__plazaWebhookWorker?.wake();
}
