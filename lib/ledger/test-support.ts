import "server-only";
import { afterAll, afterEach, beforeAll } from "vitest";
import type { DatabaseDriver } from "@/db/client";
import { createTestDatabase, type TestDatabase } from "@/db/testing";
import { users, organisations } from "@/db/schema";
import { checkLedgerInvariants } from "./invariants";

/**
 * For ledger tests: one fresh migrated database per describe block, with the ledger invariants checked after
 * EVERY test (a test that leaves the ledger inconsistent fails even if its own assertions passed).
 *   const t = useLedgerDatabase(driver);  ...  t.db
 */
export function useLedgerDatabase(driver: DatabaseDriver, opts: { poolSize?: number } = {}): { readonly db: TestDatabase["db"]; readonly handle: TestDatabase } {
  let handle: TestDatabase | undefined;
  beforeAll(async () => {
    handle = await createTestDatabase(driver, opts);
  });
  afterEach(async () => {
    if (handle) await checkLedgerInvariants(handle.db);
  });
  afterAll(async () => {
    await handle?.close();
  });
  const get = (): TestDatabase => {
    if (!handle) throw new Error("the test database is not open yet (use it inside tests or hooks)");
    return handle;
  };
  return {
    get db() {
      return get().db;
    },
    get handle() {
      return get();
    },
  };
}

let counter = 0;
/** A user row to own a wallet. */
export async function createTestUser(db: TestDatabase["db"], name?: string): Promise<{ id: string; email: string; name: string }> {
  counter += 1;
  const n = name ?? `Member ${counter}`;
  const [u] = await db
    .insert(users)
    .values({ email: `member-${counter}-${Math.random().toString(36).slice(2, 8)}@plaza.test`, name: n })
    .returning();
  return { id: u.id, email: u.email, name: n };
}

export async function createTestOrganisation(db: TestDatabase["db"], name = "Test Club"): Promise<{ id: string; name: string }> {
  counter += 1;
  const [o] = await db
    .insert(organisations)
    .values({ slug: `org-${counter}-${Math.random().toString(36).slice(2, 8)}`, name, kind: "club" })
    .returning();
  return { id: o.id, name: o.name };
}
