import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { ledgerTransactionType } from "@/db/schema";
import { testDrivers } from "@/db/testing";
import { getOrCreateAccount } from "@/lib/ledger/accounts";
import { postTransactions } from "@/lib/ledger/post";
import { createTestOrganisation, createTestUser, useLedgerDatabase } from "@/lib/ledger/test-support";
import { statementCsvBatches } from "./csv";
import { accountStatementCsv } from "./csv-export";
import { streamStatementRowBatches } from "./rows";

const drivers = await testDrivers();

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let out = "";
  for await (const chunk of chunks) out += chunk;
  return out;
}

/** Text cells that exercise the guard and the quoting, plus anything else (Postgres text holds no NUL). */
const cell = fc.oneof(
  fc.constantFrom("=1+1", "+44", "-x", "@A1", "\tx", "\rx", 'a "b"', "a,b", "line\nbreak", "crlf\r\nend", '"', ",", "'", "Top-up", "Ticket #3", "ünïcødé ✓", ""),
  fc.string({ unit: "binary" }).map((s) => s.replace(/\0/g, "")),
);

/** Instants 1970-9999 as Postgres reads them, with microseconds (which both paths must drop, not round). */
const instant = fc
  .tuple(fc.integer({ min: 0, max: 253_402_300_799 }), fc.integer({ min: 0, max: 999_999 }))
  .map(([seconds, micros]) => `${new Date(seconds * 1000).toISOString().slice(0, 19)}.${String(micros).padStart(6, "0")}Z`);

const posting = fc.record({
  type: fc.constantFrom(...ledgerTransactionType.enumValues),
  // The ledger takes references of 1-64 characters and descriptions of 1-500 that are not blank.
  reference: cell.map((c) => (c.trim() === "" ? `r${c}` : c).slice(0, 40)),
  description: cell.map((c) => (c.trim() === "" ? `d${c}` : c).slice(0, 500)),
  amount: fc.oneof(fc.integer({ min: -2_000_000, max: 2_000_000 }), fc.constantFrom(1, -1, 5, -5, 99, -100, 1000, 123_456_789_012)).filter((a) => a !== 0),
  at: instant,
});

let run = 0;

describe.each(drivers)("statement CSV written by Postgres on %s", (driver) => {
  const t = useLedgerDatabase(driver);

  it("has the same bytes as the row-by-row export (tricky text and names, 0-, 2- and 3-decimal currencies, batch edges)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("usd", "jpy", "bhd"),
        fc.array(posting, { minLength: 0, maxLength: 9 }),
        cell,
        fc.integer({ min: 1, max: 4 }),
        async (currency, postings, orgName, batchSize) => {
          run += 1;
          const member = await createTestUser(t.db, `Member ${run}`);
          const org = await createTestOrganisation(t.db, orgName || "Club");
          const wallet = await getOrCreateAccount(t.db, { kind: "member_wallet", ownerUserId: member.id, currency, allowNegative: true });
          const orgAccount = await getOrCreateAccount(t.db, { kind: "organisation", ownerOrganisationId: org.id, currency, allowNegative: true });
          const fees = await getOrCreateAccount(t.db, { kind: "platform_fees", currency });
          for (const [i, p] of postings.entries()) {
            // Unique references, keeping the generated text's first characters (which decide the guard).
            const reference = `${p.reference}#${run}.${i}`;
            // Every third posting also pays a fee, so the counterparty is chosen among several entries.
            const entries =
              i % 3 === 2 && Math.abs(p.amount) > 1
                ? [{ accountId: wallet.id, amount: p.amount }, { accountId: orgAccount.id, amount: -p.amount + Math.sign(p.amount) }, { accountId: fees.id, amount: -Math.sign(p.amount) }]
                : [{ accountId: wallet.id, amount: p.amount }, { accountId: i % 2 ? fees.id : orgAccount.id, amount: -p.amount }];
            await t.db.transaction(async (tx) => {
              await tx.execute(sql`select set_config('plaza.ledger_clock', ${p.at}, true)`);
              await postTransactions(tx, [{ type: p.type, reference, description: p.description, idempotencyKey: `csv-export:${run}:${i}`, entries }]);
            });
          }
          for (const accountId of [wallet.id, orgAccount.id]) {
            const expected = await text(statementCsvBatches(streamStatementRowBatches(t.db, { accountId })));
            expect(await text(accountStatementCsv(t.db, { accountId, batchSize }))).toBe(expected);
          }
        },
      ),
      { numRuns: driver === "pglite" ? 25 : 40 },
    );
  }, 120_000); // ~1 s alone, but once over the default 30 s in CI beside the other suites (hundreds of commits)

  it("takes the row-by-row path for a hot (sharded) account, with the same bytes", async () => {
    const member = await createTestUser(t.db, '=Hot "member", here');
    const wallet = await getOrCreateAccount(t.db, { kind: "member_wallet", ownerUserId: member.id, currency: "usd" });
    const clearing = await getOrCreateAccount(t.db, { kind: "stripe_clearing", currency: "usd" });
    expect(clearing.shardCount).toBeGreaterThan(1);
    for (let i = 0; i < 7; i++) {
      await postTransactions(t.db, [{ type: "manual_top_up", description: `Top-up, ${i}`, idempotencyKey: `csv-export:hot:${i}`, entries: [{ accountId: clearing.id, amount: -(i + 1) * 100 }, { accountId: wallet.id, amount: (i + 1) * 100 }] }]);
    }
    const csv = await text(accountStatementCsv(t.db, { accountId: clearing.id, batchSize: 2 }));
    expect(csv).toBe(await text(statementCsvBatches(streamStatementRowBatches(t.db, { accountId: clearing.id, batchSize: 2 }))));
    expect(csv.split("\r\n").filter(Boolean)).toHaveLength(8);
    expect(csv).toContain(`,"'=Hot ""member"", here",`);
  });

  it("writes the header alone for an account without entries, and respects the date range", async () => {
    const member = await createTestUser(t.db, "Quiet Member");
    const wallet = await getOrCreateAccount(t.db, { kind: "member_wallet", ownerUserId: member.id, currency: "eur", allowNegative: true });
    const fees = await getOrCreateAccount(t.db, { kind: "platform_fees", currency: "eur" });
    expect(await text(accountStatementCsv(t.db, { accountId: wallet.id }))).toBe("Date,Counterparty,Reference,Type,Description,Amount,Balance\r\n");
    for (const [i, at] of ["2026-01-01T10:00:00Z", "2026-02-01T10:00:00Z", "2026-03-01T10:00:00Z"].entries()) {
      await t.db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('plaza.ledger_clock', ${at}, true)`);
        await postTransactions(tx, [{ type: "fee", description: "Monthly", idempotencyKey: `csv-export:range:${i}`, entries: [{ accountId: wallet.id, amount: -250 }, { accountId: fees.id, amount: 250 }] }]);
      });
    }
    const range = { accountId: wallet.id, from: new Date("2026-01-15T00:00:00Z"), to: new Date("2026-03-01T00:00:00Z") };
    const csv = await text(accountStatementCsv(t.db, range));
    expect(csv).toBe(await text(statementCsvBatches(streamStatementRowBatches(t.db, range))));
    expect(csv.split("\r\n")[1]).toMatch(/^2026-02-01T10:00:00Z,Plaza fees,PLZ-\d+,Fee,Monthly,-2\.50,-5\.00$/);
    expect(csv.split("\r\n").filter(Boolean)).toHaveLength(2);
  });
});
