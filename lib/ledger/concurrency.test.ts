import { describe, expect, it } from "vitest";
import { testDrivers } from "@/db/testing";
import { getBalance, getOrCreateAccount } from "./accounts";
import { LedgerError } from "./errors";
import { postTransaction } from "./post";
import { createTestOrganisation, createTestUser, useLedgerDatabase } from "./test-support";

const drivers = await testDrivers();

// On PGlite (one connection) the same tests run serialised; on Postgres they race through a pool of 20.
describe.each(drivers)("concurrent postings on %s", (driver) => {
  const t = useLedgerDatabase(driver, { poolSize: 20 });
  let seq = 0;

  it("50 concurrent payments from one wallet never overdraw and never deadlock", async () => {
    const user = await createTestUser(t.db);
    const wallet = await getOrCreateAccount(t.db, { kind: "member_wallet", ownerUserId: user.id, currency: "usd" });
    const clearing = await getOrCreateAccount(t.db, { kind: "stripe_clearing", currency: "usd" });
    const fees = await getOrCreateAccount(t.db, { kind: "platform_fees", currency: "usd" });
    const org = await createTestOrganisation(t.db);
    const orgAccount = await getOrCreateAccount(t.db, { kind: "organisation", ownerOrganisationId: org.id, currency: "usd" });
    await postTransaction(t.db, {
      type: "manual_top_up",
      description: "Top-up",
      idempotencyKey: `fund-${++seq}`,
      entries: [
        { accountId: clearing.id, amount: -3000 },
        { accountId: wallet.id, amount: 3000 },
      ],
    });
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        postTransaction(t.db, {
          type: "payment",
          description: `Ticket ${i}`,
          idempotencyKey: `pay-${seq}-${i}`,
          entries: [
            { accountId: wallet.id, amount: -100 },
            { accountId: orgAccount.id, amount: 95 },
            { accountId: fees.id, amount: 5 },
          ],
        }).then(
          () => "ok",
          (e: unknown) => (e instanceof LedgerError ? e.code : String(e)),
        ),
      ),
    );
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(30);
    expect(outcomes.filter((o) => o !== "ok").every((o) => o === "insufficient_funds")).toBe(true);
    expect((await getBalance(t.db, wallet.id)).amount).toBe(0);
    expect((await getBalance(t.db, orgAccount.id)).amount).toBe(30 * 95);
  });

  it("opposite transfers between the same wallets at once do not deadlock", async () => {
    const a = await getOrCreateAccount(t.db, { kind: "member_wallet", ownerUserId: (await createTestUser(t.db)).id, currency: "usd" });
    const b = await getOrCreateAccount(t.db, { kind: "member_wallet", ownerUserId: (await createTestUser(t.db)).id, currency: "usd" });
    const clearing = await getOrCreateAccount(t.db, { kind: "stripe_clearing", currency: "usd" });
    for (const w of [a, b]) {
      await postTransaction(t.db, {
        type: "manual_top_up",
        description: "Top-up",
        idempotencyKey: `fund-${++seq}`,
        entries: [
          { accountId: clearing.id, amount: -10_000 },
          { accountId: w.id, amount: 10_000 },
        ],
      });
    }
    await Promise.all(
      Array.from({ length: 60 }, (_, i) => {
        const [from, to] = i % 2 === 0 ? [a, b] : [b, a];
        return postTransaction(t.db, {
          type: "member_transfer",
          description: "Split the bill",
          idempotencyKey: `x-${seq}-${i}`,
          entries: [
            { accountId: to.id, amount: 10 + i }, // listed "wrong way round" on purpose: lock order is by id
            { accountId: from.id, amount: -(10 + i) },
          ],
        });
      }),
    );
    const total = (await getBalance(t.db, a.id)).amount + (await getBalance(t.db, b.id)).amount;
    expect(total).toBe(20_000);
  });

  it("concurrent postings on a hot account all land and its balance is their sum", async () => {
    const fees = await getOrCreateAccount(t.db, { kind: "platform_fees", currency: "usd" });
    const clearing = await getOrCreateAccount(t.db, { kind: "stripe_clearing", currency: "usd" });
    const feesBefore = (await getBalance(t.db, fees.id)).amount;
    const clearingBefore = (await getBalance(t.db, clearing.id)).amount;
    const n = 300;
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        postTransaction(t.db, {
          type: "fee",
          description: "Application fee",
          idempotencyKey: `hot-${++seq}-${i}`,
          entries: [
            { accountId: clearing.id, amount: -(i + 1) },
            { accountId: fees.id, amount: i + 1 },
          ],
        }),
      ),
    );
    expect(results.every((r) => !r.replayed)).toBe(true);
    expect((await getBalance(t.db, fees.id)).amount - feesBefore).toBe((n * (n + 1)) / 2);
    expect((await getBalance(t.db, clearing.id)).amount - clearingBefore).toBe(-(n * (n + 1)) / 2);
  });
});
