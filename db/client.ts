import "server-only";
import { mkdirSync } from "node:fs";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import * as schema from "./schema";
import { isRetryableConflict } from "./conflicts";
import { migratePgliteClient, migratePostgres } from "./migrate";
import { env } from "@/lib/env";

/**
 * One Drizzle type for both drivers: every query and domain function takes a `Database` (or a transaction,
 * which is one too) as its first argument, so there is a single code path whatever the driver.
 */
export type Database = PgDatabase<QueryResultHKT, typeof schema>;

/** What `db.execute(sql…)` resolves to on both drivers: node-postgres and PGlite results both carry `rows`. */
export interface QueryResultHKT extends PgQueryResultHKT {
  type: { rows: Record<string, unknown>[]; rowCount?: number | null; affectedRows?: number };
}
export type DatabaseDriver = "postgres" | "pglite";

export interface DatabaseHandle {
  db: Database;
  driver: DatabaseDriver;
  /** Applies the committed migrations (idempotent; safe from several processes at once on Postgres). */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseTarget {
  /** postgres:// URL; when absent, PGlite in `pgliteDir` (or in memory when that is "memory://"). */
  url?: string;
  pgliteDir?: string;
  poolSize?: number;
}

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.url) {
    const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize ?? 10 });
    // An idle client's error (server restart) must not crash the process; the pool replaces the client.
    pool.on("error", () => {});
    const db = retryConflictedTransactions(drizzlePg(pool, { schema, casing: "snake_case" }));
    const url = target.url;
    return { db, driver: "postgres", migrate: () => migratePostgres(url), close: () => pool.end() };
  }
  const dir = target.pgliteDir ?? ".data/pglite";
  if (!dir.startsWith("memory://")) mkdirSync(dir, { recursive: true });
  const client = await PGlite.create(dir);
  const db: Database = drizzlePglite(client, { schema, casing: "snake_case" });
  return { db, driver: "pglite", migrate: () => migratePgliteClient(client), close: () => client.close() };
}

const TRANSACTION_ATTEMPTS = 5;

/**
 * Top-level transactions on Postgres run again (up to 5 times, after a short random pause) when Postgres chose
 * them as a deadlock victim: two paths that lock the same rows in different orders (a checkout locking its
 * order then the ledger's accounts while the webhook worker's batch holds accounts and wants the order) are
 * normal under load, and the transaction that lost had changed nothing. Transaction bodies never call Stripe
 * (lib/payments/no-transaction.ts), so running one again repeats only database work. Savepoints (a
 * transaction inside a transaction) are not retried on their own: the outermost transaction is.
 */
function retryConflictedTransactions<T extends Database>(db: T): T {
  const transaction = db.transaction.bind(db);
  const retrying: typeof transaction = async (body, config) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await transaction(body, config);
      } catch (e) {
        if (attempt >= TRANSACTION_ATTEMPTS || !isRetryableConflict(e)) throw e;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      }
    }
  };
  db.transaction = retrying;
  return db;
}

interface AppDatabase {
  handle: DatabaseHandle;
  ready: Promise<void>;
}

// Kept on globalThis so that Next's dev reloads and the several bundles of one server share one pool
// (and, for PGlite, the single process-wide handle on its folder).
const globalForDb = globalThis as typeof globalThis & { __plazaDb?: Promise<AppDatabase> };

async function connect(): Promise<AppDatabase> {
  const e = env();
  const handle = await openDatabase({ url: e.DATABASE_URL, pgliteDir: e.PGLITE_DIR });
  return { handle, ready: handle.migrate() };
}

/** The app's database, migrated. */
export async function getDb(): Promise<Database> {
  globalForDb.__plazaDb ??= connect();
  const app = await globalForDb.__plazaDb;
  await app.ready;
  return app.handle.db;
}

export async function getDatabaseDriver(): Promise<DatabaseDriver> {
  globalForDb.__plazaDb ??= connect();
  return (await globalForDb.__plazaDb).handle.driver;
}
