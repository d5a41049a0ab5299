import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDatabase, testDrivers, type TestDatabase } from "./testing";
import { organisations, users } from "./schema";

const drivers = await testDrivers();

describe.each(drivers)("database on %s", (driver) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
  });
  afterAll(async () => t?.close());

  it("applies the committed migrations and answers queries through the same Drizzle code", async () => {
    const [u] = await t.db.insert(users).values({ email: `x-${driver}@plaza.test` }).returning();
    expect(u.email).toBe(`x-${driver}@plaza.test`);
    const rows = await t.db.execute(sql`select count(*)::int as n from users`);
    expect(rows.rows[0]).toEqual({ n: 1 });
  });

  it("migrating again is a no-op", async () => {
    await t.migrate();
    await expect(t.db.select().from(organisations)).resolves.toEqual([]);
  });

  it("rolls a failed transaction back", async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await tx.insert(organisations).values({ slug: "rollback", name: "R", kind: "club" });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await t.db.select().from(organisations)).toHaveLength(0);
  });
});
