import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { testDrivers } from "@/db/testing";
import { getOrCreateAccount } from "./accounts";
import { LedgerError, pgErrorOf, toLedgerError } from "./errors";
import { postTransaction } from "./post";
import { int, queryRows } from "./sql-values";
import { createTestUser, useLedgerDatabase } from "./test-support";

const drivers = await testDrivers();

/** The database itself refuses what the code would never do: the last line of defence against raw SQL. */
describe.each(drivers)("database-level ledger rules on %s", (driver) => {
  const t = useLedgerDatabase(driver);

  async function setup() {
    const user = await createTestUser(t.db);
    const wallet = await getOrCreateAccount(t.db, { kind: "member_wallet", ownerUserId: user.id, currency: "usd" });
    const adj = await getOrCreateAccount(t.db, { kind: "adjustments", currency: "usd" });
    return { wallet, adj };
  }

  async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
    const e = toLedgerError(await p.then(() => undefined, (err: unknown) => err));
    return e instanceof LedgerError ? e.code : e === undefined ? undefined : String(e);
  }

  it("refuses at commit a transaction whose entries do not sum to zero, written by raw SQL over several statements", async () => {
    const { wallet, adj } = await setup();
    const before = await queryRows(t.db, sql`select count(*)::int as n from ledger_transactions`);
    const code = await codeOf(
      t.db.transaction(async (tx) => {
        const [tr] = await queryRows(
          tx,
          sql`insert into ledger_transactions (type, description, reference, idempotency_key, request_hash)
              values ('manual_adjustment', 'raw', 'RAW-1', 'raw-1', 'x') returning id`,
        );
        await tx.execute(sql`insert into ledger_entries (transaction_id, account_id, amount, currency, balance_after, account_version)
                             values (${tr.id}, ${wallet.id}, 100, 'usd', 100, 1)`);
        await tx.execute(sql`insert into ledger_entries (transaction_id, account_id, amount, currency, balance_after, account_version)
                             values (${tr.id}, ${adj.id}, -99, 'usd', -99, 1)`);
        // Each statement succeeded: the check is deferred to COMMIT.
      }),
    );
    expect(code).toBe("unbalanced");
    const after = await queryRows(t.db, sql`select count(*)::int as n from ledger_transactions`);
    expect(int(after[0].n)).toBe(int(before[0].n));
  });

  it("accepts legs written by several raw statements when they balance at commit (then the test fixes balances)", async () => {
    const { wallet, adj } = await setup();
    await t.db.transaction(async (tx) => {
      const [tr] = await queryRows(
        tx,
        sql`insert into ledger_transactions (type, description, reference, idempotency_key, request_hash)
            values ('manual_adjustment', 'raw', 'RAW-2', 'raw-2', 'x') returning id`,
      );
      await tx.execute(sql`insert into ledger_entries (transaction_id, account_id, amount, currency, balance_after, account_version)
                           values (${tr.id}, ${wallet.id}, 100, 'usd', 100, 1)`);
      await tx.execute(sql`insert into ledger_entries (transaction_id, account_id, amount, currency, balance_after, account_version)
                           values (${tr.id}, ${adj.id}, -100, 'usd', -100, 1)`);
      // keep the invariants (checked after this test) true, as the posting function would
      await tx.execute(sql`update ledger_accounts set balance = balance + 100, version = 1 where id = ${wallet.id}`);
      await tx.execute(sql`update ledger_accounts set balance = balance - 100, version = 1 where id = ${adj.id}`);
    });
  });

  it("refuses an entry whose currency is not its account's", async () => {
    const { wallet } = await setup();
    const error = await t.db
      .transaction(async (tx) => {
        const [tr] = await queryRows(
          tx,
          sql`insert into ledger_transactions (type, description, reference, idempotency_key, request_hash)
              values ('manual_adjustment', 'raw', 'RAW-3', 'raw-3', 'x') returning id`,
        );
        await tx.execute(sql`insert into ledger_entries (transaction_id, account_id, amount, currency, balance_after, account_version)
                             values (${tr.id}, ${wallet.id}, 100, 'eur', 100, 1)`);
      })
      .then(() => undefined, (e: unknown) => e);
    expect(pgErrorOf(error)).toMatchObject({ code: "23503", constraint: "ledger_entries_account_currency_fk" });
  });

  it("forbids UPDATE, DELETE and TRUNCATE of entries and transactions", async () => {
    const { wallet, adj } = await setup();
    const r = await postTransaction(t.db, {
      type: "manual_adjustment",
      description: "Correction",
      idempotencyKey: `immutable-${driver}`,
      entries: [
        { accountId: adj.id, amount: -10 },
        { accountId: wallet.id, amount: 10 },
      ],
    });
    expect(await codeOf(t.db.execute(sql`update ledger_entries set amount = 11 where transaction_id = ${r.id}`))).toBe("append_only");
    expect(await codeOf(t.db.execute(sql`delete from ledger_entries where transaction_id = ${r.id}`))).toBe("append_only");
    expect(await codeOf(t.db.execute(sql`update ledger_transactions set description = 'edited' where id = ${r.id}`))).toBe("append_only");
    expect(await codeOf(t.db.execute(sql`delete from ledger_transactions where id = ${r.id}`))).toBe("append_only");
    expect(await codeOf(t.db.execute(sql`truncate ledger_entries`))).toBe("append_only");
    const [row] = await queryRows(t.db, sql`select amount from ledger_entries where transaction_id = ${r.id} and account_id = ${wallet.id}`);
    expect(int(row.amount)).toBe(10);
  });

  it("refuses balances outside the safe-integer range", async () => {
    const user = await createTestUser(t.db);
    const wallet = await getOrCreateAccount(t.db, { kind: "member_wallet", ownerUserId: user.id, currency: "chf" });
    const adj = await getOrCreateAccount(t.db, { kind: "adjustments", currency: "chf" });
    await postTransaction(t.db, {
      type: "manual_adjustment",
      description: "big",
      idempotencyKey: `big-1-${driver}`,
      entries: [
        { accountId: adj.id, amount: -Number.MAX_SAFE_INTEGER },
        { accountId: wallet.id, amount: Number.MAX_SAFE_INTEGER },
      ],
    });
    const e = await codeOf(
      postTransaction(t.db, {
        type: "manual_adjustment",
        description: "bigger",
        idempotencyKey: `big-2-${driver}`,
        entries: [
          { accountId: adj.id, amount: -1 },
          { accountId: wallet.id, amount: 1 },
        ],
      }),
    );
    expect(e).toBe("amount_out_of_range");
  });
});
