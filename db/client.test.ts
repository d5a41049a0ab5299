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

describe.skipIf(!drivers.includes("postgres"))("transactions on Postgres", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase("postgres");
    await t.db.execute(sql`create table deadlock_probe (id int primary key, n int not null)`);
    await t.db.execute(sql`insert into deadlock_probe values (1, 0), (2, 0)`);
  });
  afterAll(async () => t?.close());

  it("runs a deadlock victim again, so both of two transactions that lock rows in opposite orders commit", async () => {
    // Each takes its first row, waits until the other holds its own, then wants the other's: a deadlock that
    // Postgres breaks by failing one of them (40P01). The victim's second attempt finds the way clear.
    const attempts = { a: 0, b: 0 };
    let holding = 0;
    const bothHolding = () => new Promise<void>((resolve) => {
      const check = () => (holding >= 2 ? resolve() : setTimeout(check, 5));
      check();
    });
    const run = (name: "a" | "b", first: number, second: number) =>
      t.db.transaction(async (tx) => {
        attempts[name] += 1;
        await tx.execute(sql`update deadlock_probe set n = n + 1 where id = ${first}`);
        if (attempts[name] === 1) {
          holding += 1;
          await bothHolding();
        }
        await tx.execute(sql`update deadlock_probe set n = n + 1 where id = ${second}`);
      });
    await Promise.all([run("a", 1, 2), run("b", 2, 1)]);
    expect(attempts.a + attempts.b).toBe(3);
    const rows = await t.db.execute(sql`select id, n from deadlock_probe order by id`);
    expect(rows.rows).toEqual([{ id: 1, n: 2 }, { id: 2, n: 2 }]);
  });

  it("does not run a transaction again for other errors", async () => {
    let attempts = 0;
    await expect(
      t.db.transaction(async () => {
        attempts += 1;
        throw new Error("not a conflict");
      }),
    ).rejects.toThrow("not a conflict");
    expect(attempts).toBe(1);
  });
});
