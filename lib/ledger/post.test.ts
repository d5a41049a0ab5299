import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { testDrivers } from "@/db/testing";
import { getBalance, getOrCreateAccount } from "./accounts";
import { LedgerError } from "./errors";
import { postTransaction, postTransactions, type PostingInput } from "./post";
import { queryRows, int } from "./sql-values";
import { createTestOrganisation, createTestUser, useLedgerDatabase } from "./test-support";
import type { Database } from "@/db/client";

const drivers = await testDrivers();

async function counts(db: Database): Promise<{ tx: number; entries: number }> {
  const [r] = await queryRows(db, sql`select (select count(*) from ledger_transactions)::int as tx, (select count(*) from ledger_entries)::int as entries`);
  return { tx: int(r.tx), entries: int(r.entries) };
}

async function expectLedgerError(p: Promise<unknown>, code: string): Promise<LedgerError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(LedgerError);
  if (!(e instanceof LedgerError)) throw new Error("unreachable");
  expect(e.code).toBe(code);
  return e;
}

describe.each(drivers)("posting on %s", (driver) => {
  const t = useLedgerDatabase(driver);
  let seq = 0;
  const key = (s: string) => `${s}-${++seq}`;

  async function fundedWallet(amount: number) {
    const user = await createTestUser(t.db);
    const wallet = await getOrCreateAccount(t.db, { kind: "member_wallet", ownerUserId: user.id, currency: "usd" });
    const clearing = await getOrCreateAccount(t.db, { kind: "stripe_clearing", currency: "usd" });
    if (amount > 0) {
      await postTransaction(t.db, {
        type: "manual_top_up",
        description: "Top-up",
        idempotencyKey: key("topup"),
        entries: [
          { accountId: clearing.id, amount: -amount },
          { accountId: wallet.id, amount },
        ],
      });
    }
    return { user, wallet, clearing };
  }

  it("posts a balanced transaction, updating balances, versions and balance_after", async () => {
    const { wallet, clearing } = await fundedWallet(0);
    const before = await getBalance(t.db, clearing.id);
    const r = await postTransaction(t.db, {
      type: "manual_top_up",
      description: "Top-up by card",
      idempotencyKey: key("k"),
      stripeObjectId: "pi_123",
      entries: [
        { accountId: clearing.id, amount: -2500, currency: "usd" },
        { accountId: wallet.id, amount: 2500, currency: "usd" },
      ],
    });
    expect(r.replayed).toBe(false);
    expect(r.reference).toMatch(/^PLZ-\d{6,}$/);
    expect(r.entries).toHaveLength(2);
    const w = r.entries.find((e) => e.accountId === wallet.id);
    expect(w).toMatchObject({ amount: 2500, balanceAfter: 2500, accountVersion: 1, rowAccountId: wallet.id });
    expect(await getBalance(t.db, wallet.id)).toEqual({ amount: 2500, currency: "usd" });
    expect((await getBalance(t.db, clearing.id)).amount).toBe(before.amount - 2500);
  });

  it("returns the first result for a repeated idempotency key and posts nothing", async () => {
    const { wallet, clearing } = await fundedWallet(0);
    const input: PostingInput = {
      type: "manual_top_up",
      description: "Top-up",
      idempotencyKey: key("same"),
      entries: [
        { accountId: clearing.id, amount: -1000 },
        { accountId: wallet.id, amount: 1000 },
      ],
    };
    const first = await postTransaction(t.db, input);
    const c = await counts(t.db);
    const second = await postTransaction(t.db, { ...input, metadata: { retry: true } });
    expect(second.replayed).toBe(true);
    expect({ ...second, replayed: false }).toEqual(first);
    expect(await counts(t.db)).toEqual(c);
    expect((await getBalance(t.db, wallet.id)).amount).toBe(1000);
  });

  it("refuses the same key with different content", async () => {
    const { wallet, clearing } = await fundedWallet(0);
    const k = key("conflict");
    await postTransaction(t.db, {
      type: "manual_top_up",
      description: "Top-up",
      idempotencyKey: k,
      entries: [
        { accountId: clearing.id, amount: -1000 },
        { accountId: wallet.id, amount: 1000 },
      ],
    });
    const e = await expectLedgerError(
      postTransaction(t.db, {
        type: "manual_top_up",
        description: "Top-up",
        idempotencyKey: k,
        entries: [
          { accountId: clearing.id, amount: -2000 },
          { accountId: wallet.id, amount: 2000 },
        ],
      }),
      "idempotency_conflict",
    );
    expect(e.message).toMatch(/already used for a different posting/);
    expect((await getBalance(t.db, wallet.id)).amount).toBe(1000);
  });

  it("lets exactly one of many concurrent postings with the same key through", async () => {
    const { wallet, clearing } = await fundedWallet(0);
    const input: PostingInput = {
      type: "manual_top_up",
      description: "Webhook delivered 10 times at once",
      idempotencyKey: key("concurrent"),
      entries: [
        { accountId: clearing.id, amount: -700 },
        { accountId: wallet.id, amount: 700 },
      ],
    };
    const results = await Promise.all(Array.from({ length: 10 }, () => postTransaction(t.db, input)));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect((await getBalance(t.db, wallet.id)).amount).toBe(700);
  });

  it("rejects unbalanced postings, bad amounts and too few entries with nothing written", async () => {
    const { wallet, clearing } = await fundedWallet(500);
    const c = await counts(t.db);
    await expectLedgerError(
      postTransaction(t.db, { type: "fee", description: "x", idempotencyKey: key("u"), entries: [{ accountId: clearing.id, amount: -5 }, { accountId: wallet.id, amount: 4 }] }),
      "unbalanced",
    );
    await expectLedgerError(
      postTransaction(t.db, { type: "fee", description: "x", idempotencyKey: key("u"), entries: [{ accountId: clearing.id, amount: 0 }, { accountId: wallet.id, amount: 0 }] }),
      "invalid_amount",
    );
    await expectLedgerError(
      postTransaction(t.db, { type: "fee", description: "x", idempotencyKey: key("u"), entries: [{ accountId: clearing.id, amount: 1.5 }, { accountId: wallet.id, amount: -1.5 }] }),
      "invalid_amount",
    );
    await expectLedgerError(
      postTransaction(t.db, { type: "fee", description: "x", idempotencyKey: key("u"), entries: [{ accountId: wallet.id, amount: 5 }] }),
      "invalid_posting",
    );
    await expectLedgerError(
      postTransaction(t.db, { type: "fee", description: "x", idempotencyKey: key("u"), entries: [{ accountId: 999_999, amount: 5 }, { accountId: wallet.id, amount: -5 }] }),
      "account_not_found",
    );
    expect(await counts(t.db)).toEqual(c);
  });

  it("rejects entries across currencies that do not each balance, and a wrong currency guard", async () => {
    const { wallet, clearing } = await fundedWallet(500);
    const eurClearing = await getOrCreateAccount(t.db, { kind: "stripe_clearing", currency: "eur" });
    const adjEur = await getOrCreateAccount(t.db, { kind: "adjustments", currency: "eur" });
    const c = await counts(t.db);
    // usd -100 / eur +100: total is 0 but each currency is not
    const e = await expectLedgerError(
      postTransaction(t.db, { type: "manual_adjustment", description: "fx", idempotencyKey: key("fx"), entries: [{ accountId: wallet.id, amount: -100 }, { accountId: eurClearing.id, amount: 100 }] }),
      "unbalanced",
    );
    expect(e.details).toMatchObject({ sum: expect.any(Number) });
    await expectLedgerError(
      postTransaction(t.db, { type: "manual_adjustment", description: "x", idempotencyKey: key("cur"), entries: [{ accountId: wallet.id, amount: -100, currency: "eur" }, { accountId: clearing.id, amount: 100 }] }),
      "currency_mismatch",
    );
    expect(await counts(t.db)).toEqual(c);
    // a multi-currency transaction where each currency balances is fine
    await postTransaction(t.db, {
      type: "manual_adjustment",
      description: "fx",
      idempotencyKey: key("fx-ok"),
      entries: [
        { accountId: wallet.id, amount: -100 },
        { accountId: clearing.id, amount: 100 },
        { accountId: eurClearing.id, amount: -90 },
        { accountId: adjEur.id, amount: 90 },
      ],
    });
  });

  it("refuses an overdraft with insufficient_funds naming the account, and honours an overdraft limit", async () => {
    const { wallet, clearing } = await fundedWallet(1000);
    const org = await createTestOrganisation(t.db);
    const orgAccount = await getOrCreateAccount(t.db, { kind: "organisation", ownerOrganisationId: org.id, currency: "usd" });
    const c = await counts(t.db);
    const e = await expectLedgerError(
      postTransaction(t.db, { type: "payment", description: "Too much", idempotencyKey: key("od"), entries: [{ accountId: wallet.id, amount: -1001 }, { accountId: orgAccount.id, amount: 1001 }] }),
      "insufficient_funds",
    );
    expect(e.details).toMatchObject({ accountId: wallet.id, balance: 1000, amount: 1001, shortfall: 1 });
    expect(e.message).toMatch(/insufficient funds in ledger account/);
    expect(await counts(t.db)).toEqual(c);
    await postTransaction(t.db, { type: "payment", description: "Exactly all", idempotencyKey: key("od"), entries: [{ accountId: wallet.id, amount: -1000 }, { accountId: orgAccount.id, amount: 1000 }] });
    expect((await getBalance(t.db, wallet.id)).amount).toBe(0);

    const user = await createTestUser(t.db);
    const credit = await getOrCreateAccount(t.db, { kind: "member_wallet", ownerUserId: user.id, currency: "usd", overdraftLimit: 500 });
    await postTransaction(t.db, { type: "payment", description: "On credit", idempotencyKey: key("od"), entries: [{ accountId: credit.id, amount: -500 }, { accountId: clearing.id, amount: 500 }] });
    await expectLedgerError(
      postTransaction(t.db, { type: "payment", description: "Past the limit", idempotencyKey: key("od"), entries: [{ accountId: credit.id, amount: -1 }, { accountId: clearing.id, amount: 1 }] }),
      "insufficient_funds",
    );
    expect((await getBalance(t.db, credit.id)).amount).toBe(-500);
  });

  it("composes with a caller's transaction as a savepoint", async () => {
    const { wallet, clearing } = await fundedWallet(300);
    // Caught error inside the caller's transaction: only the savepoint rolls back.
    await t.db.transaction(async (tx) => {
      await expectLedgerError(
        postTransaction(tx, { type: "payment", description: "x", idempotencyKey: key("sp"), entries: [{ accountId: wallet.id, amount: -301 }, { accountId: clearing.id, amount: 301 }] }),
        "insufficient_funds",
      );
      await postTransaction(tx, { type: "payment", description: "y", idempotencyKey: key("sp"), entries: [{ accountId: wallet.id, amount: -100 }, { accountId: clearing.id, amount: 100 }] });
    });
    expect((await getBalance(t.db, wallet.id)).amount).toBe(200);
    // The caller's rollback takes the posting with it.
    await expect(
      t.db.transaction(async (tx) => {
        await postTransaction(tx, { type: "payment", description: "z", idempotencyKey: key("sp"), entries: [{ accountId: wallet.id, amount: -50 }, { accountId: clearing.id, amount: 50 }] });
        throw new Error("caller failed later");
      }),
    ).rejects.toThrow("caller failed later");
    expect((await getBalance(t.db, wallet.id)).amount).toBe(200);
  });

  it("posts batches atomically, and replays within a batch", async () => {
    const { wallet, clearing } = await fundedWallet(100);
    const k = key("b");
    const mk = (amount: number, idempotencyKey: string): PostingInput => ({
      type: "payment",
      description: "batch",
      idempotencyKey,
      entries: [
        { accountId: wallet.id, amount: -amount },
        { accountId: clearing.id, amount },
      ],
    });
    const res = await postTransactions(t.db, [mk(10, k), mk(20, key("b")), mk(10, k)]);
    expect(res.map((r) => r.replayed)).toEqual([false, false, true]);
    expect(res[2].id).toBe(res[0].id);
    expect((await getBalance(t.db, wallet.id)).amount).toBe(70);
    const c = await counts(t.db);
    // the third would overdraw: nothing of the batch is written
    await expectLedgerError(postTransactions(t.db, [mk(10, key("b")), mk(20, key("b")), mk(50, key("b"))]), "insufficient_funds");
    expect(await counts(t.db)).toEqual(c);
    expect((await getBalance(t.db, wallet.id)).amount).toBe(70);
  });

  it("uses a caller's reference and refuses a duplicate one", async () => {
    const { wallet, clearing } = await fundedWallet(100);
    const ref = `INV-${seq}-${driver}`;
    const r = await postTransaction(t.db, { type: "payment", description: "x", reference: ref, idempotencyKey: key("ref"), entries: [{ accountId: wallet.id, amount: -1 }, { accountId: clearing.id, amount: 1 }] });
    expect(r.reference).toBe(ref);
    await expectLedgerError(
      postTransaction(t.db, { type: "payment", description: "x", reference: ref, idempotencyKey: key("ref"), entries: [{ accountId: wallet.id, amount: -1 }, { accountId: clearing.id, amount: 1 }] }),
      "reference_conflict",
    );
  });

  it("spreads a hot account over shard rows and sums them on read", async () => {
    const fees = await getOrCreateAccount(t.db, { kind: "platform_fees", currency: "usd" });
    expect(fees.shardCount).toBe(16);
    expect(fees.allowNegative).toBe(true);
    const again = await getOrCreateAccount(t.db, { kind: "platform_fees", currency: "usd" });
    expect(again.id).toBe(fees.id);
    const { wallet } = await fundedWallet(10_000);
    const posted = await postTransactions(
      t.db,
      Array.from({ length: 40 }, (_, i) => ({
        type: "fee" as const,
        description: "fee",
        idempotencyKey: key("fee"),
        entries: [
          { accountId: wallet.id, amount: -(i + 1) },
          { accountId: fees.id, amount: i + 1 },
        ],
      })),
    );
    const rows = new Set(posted.map((p) => p.entries.find((e) => e.accountId === fees.id)?.rowAccountId));
    expect(rows.size).toBeGreaterThan(4);
    expect((await getBalance(t.db, fees.id)).amount).toBe((40 * 41) / 2);
    // A shard row cannot be named directly.
    const shardRow = [...rows].find((id) => id !== fees.id);
    if (shardRow === undefined) throw new Error("expected shard rows");
    await expectLedgerError(
      postTransaction(t.db, { type: "fee", description: "x", idempotencyKey: key("fee"), entries: [{ accountId: wallet.id, amount: -1 }, { accountId: shardRow, amount: 1 }] }),
      "account_not_found",
    );
  });
});
