import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing";
import { users } from "@/db/schema";
import { startTopUpCheckout } from "./top-ups";
import { syncCheckoutSession } from "./settle";
import { payFromWallet } from "./wallet-payments";

const drivers = await testDrivers();

describe.each(drivers)("Stripe calls outside transactions on %s", (driver) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
  });
  afterAll(async () => t?.close());

  it("refuses to start a Stripe call inside a transaction, before anything is written or sent", async () => {
    const [u] = await t.db.insert(users).values({ email: `tx-${driver}@plaza.test` }).returning();
    const user = { id: u.id, email: u.email };
    await expect(t.db.transaction((tx) => startTopUpCheckout(tx, { user, amount: 1000, uiMode: "hosted", kind: "manual" }))).rejects.toThrow(/must not run inside a database transaction/);
    await expect(t.db.transaction((tx) => syncCheckoutSession(tx, "cs_test_x"))).rejects.toThrow(/must not run inside a database transaction/);
    await expect(
      t.db.transaction((tx) => payFromWallet(tx, { payer: user, amount: 100, mode: "batch", command: { route: "iou_payment", payload: { iouId: crypto.randomUUID(), userId: u.id } } })),
    ).rejects.toThrow(/must not run inside a database transaction/);
    // Outside a transaction the same call gets as far as the domain's own rules.
    await expect(startTopUpCheckout(t.db, { user, amount: 1, uiMode: "hosted", kind: "manual" })).rejects.toMatchObject({ code: "amount_out_of_range" });
  });
});
