import "server-only";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type DatabaseDriver, type DatabaseHandle } from "./client";

/**
 * Fresh, migrated databases for integration tests: a new database on the local Postgres server (dropped on
 * close), or an in-memory PGlite. Postgres is required in CI or when DATABASE_URL is set; elsewhere it is
 * used when reachable.
 */
export const ADMIN_URL = process.env.TEST_POSTGRES_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase extends DatabaseHandle {
  /** The postgres:// URL of the fresh database (postgres driver only). */
  url?: string;
}

export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

export async function testDrivers(): Promise<DatabaseDriver[]> {
  const required = Boolean(process.env.CI || process.env.DATABASE_URL);
  if (required || (await postgresReachable())) return ["postgres", "pglite"];
  console.warn(`[plaza tests] no Postgres at ${ADMIN_URL}: integration tests run on PGlite only`);
  return ["pglite"];
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createPostgresDatabase(prefix = "plaza_test"): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

export async function createTestDatabase(driver: DatabaseDriver, opts: { poolSize?: number } = {}): Promise<TestDatabase> {
  if (driver === "pglite") {
    const handle = await openDatabase({ pgliteDir: "memory://" });
    await handle.migrate();
    return handle;
  }
  const created = await createPostgresDatabase();
  const handle = await openDatabase({ url: created.url, poolSize: opts.poolSize });
  await handle.migrate();
  return {
    ...handle,
    url: created.url,
    close: async () => {
      await handle.close();
      await created.drop();
    },
  };
}
