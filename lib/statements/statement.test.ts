import { describe, expect, it } from "vitest";
import { testDrivers } from "@/db/testing";
import { getBalance, getOrCreateAccount } from "@/lib/ledger/accounts";
import { postTransactions, type PostingInput } from "@/lib/ledger/post";
import { organisationSummaryByType, statementBalances } from "@/lib/ledger/statement";
import { createTestOrganisation, createTestUser, useLedgerDatabase } from "@/lib/ledger/test-support";
import { csvTextCell, statementCsv, statementCsvBatches, STATEMENT_CSV_HEADER } from "./csv";
import { statementPdf, statementPeriod } from "./pdf";
import { getStatementPage, streamStatementRowBatches, streamStatementRows } from "./rows";
import { referenceCsvLine } from "./test-support";
import type { StatementRow } from "./types";

const drivers = await testDrivers();

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe.each(drivers)("statements on %s", (driver) => {
  const t = useLedgerDatabase(driver);

  /** Every row of an account's statement through the pages, newest first. */
  async function allPages(accountId: number, limit: number): Promise<StatementRow[]> {
    const all: StatementRow[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await getStatementPage(t.db, { accountId, cursor, limit });
      all.push(...page.rows);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  }

  async function history(n: number) {
    const member = await createTestUser(t.db, "Ada Lovelace");
    const friend = await createTestUser(t.db, "Grace Hopper");
    const org = await createTestOrganisation(t.db, "Chess Club");
    const wallet = await getOrCreateAccount(t.db, { kind: "member_wallet", ownerUserId: member.id, currency: "usd" });
    const friendWallet = await getOrCreateAccount(t.db, { kind: "member_wallet", ownerUserId: friend.id, currency: "usd" });
    const orgAccount = await getOrCreateAccount(t.db, { kind: "organisation", ownerOrganisationId: org.id, currency: "usd" });
    const clearing = await getOrCreateAccount(t.db, { kind: "stripe_clearing", currency: "usd" });
    const fees = await getOrCreateAccount(t.db, { kind: "platform_fees", currency: "usd" });
    const postings: PostingInput[] = [];
    for (let i = 0; i < n; i++) {
      const k = `${member.id}-${i}`;
      if (i % 3 === 0) {
        postings.push({ type: "manual_top_up", description: `Top-up ${i}`, idempotencyKey: k, entries: [{ accountId: clearing.id, amount: -1000 }, { accountId: wallet.id, amount: 1000 }] });
      } else if (i % 3 === 1) {
        postings.push({
          type: "payment",
          description: `=HYPERLINK("evil") ticket, "${i}"`,
          idempotencyKey: k,
          entries: [
            { accountId: wallet.id, amount: -500 },
            { accountId: orgAccount.id, amount: 475 },
            { accountId: fees.id, amount: 25 },
          ],
        });
      } else {
        postings.push({ type: "member_transfer", description: `Lunch ${i}`, idempotencyKey: k, entries: [{ accountId: wallet.id, amount: -100 }, { accountId: friendWallet.id, amount: 100 }] });
      }
    }
    // Posted one by one (in a few batches) so entries get distinct times.
    for (let i = 0; i < postings.length; i += 10) await postTransactions(t.db, postings.slice(i, i + 10));
    return { wallet, orgAccount, fees, friendWallet };
  }

  it("pages by keyset newest first with running balances and counterparties", async () => {
    const { wallet } = await history(95);
    const all: StatementRow[] = [];
    let cursor: string | null | undefined;
    let pages = 0;
    do {
      const page = await getStatementPage(t.db, { accountId: wallet.id, cursor, limit: 20 });
      all.push(...page.rows);
      cursor = page.nextCursor;
      pages += 1;
      expect(page.closingBalance.amount).toBe((await getBalance(t.db, wallet.id)).amount);
      expect(page.openingBalance.amount).toBe(0);
    } while (cursor);
    expect(pages).toBe(5);
    expect(all).toHaveLength(95);
    expect(new Set(all.map((r) => r.entryId)).size).toBe(95);
    // newest first, running balance consistent from row to row
    for (let i = 0; i + 1 < all.length; i++) {
      expect(all[i].entryId).toBeGreaterThan(all[i + 1].entryId);
      expect(all[i].balance - all[i].amount).toBe(all[i + 1].balance);
    }
    expect(all[0].balance).toBe((await getBalance(t.db, wallet.id)).amount);
    const byType = Object.fromEntries(all.map((r) => [r.type, r.counterparty]));
    expect(byType).toEqual({ manual_top_up: "Card payments", payment: "Chess Club", member_transfer: "Grace Hopper" });
    expect(all.at(-1)?.reference).toMatch(/^PLZ-/);
  });

  it("filters by date range, with opening and closing balances", async () => {
    const { wallet } = await history(60);
    const rows = await collect(streamStatementRows(t.db, { accountId: wallet.id, batchSize: 7 }));
    expect(rows).toHaveLength(60);
    const from = rows[20].date;
    const to = rows[40].date; // exclusive
    const inRange = rows.filter((r) => r.date >= from && r.date < to);
    const page = await getStatementPage(t.db, { accountId: wallet.id, from, to, limit: 500 });
    expect(page.rows.map((r) => r.entryId)).toEqual(inRange.map((r) => r.entryId).reverse());
    const firstIn = inRange[0];
    const lastIn = inRange[inRange.length - 1];
    expect(page.openingBalance.amount).toBe(firstIn.balance - firstIn.amount);
    expect(page.closingBalance.amount).toBe(lastIn.balance);
    const streamed = await collect(streamStatementRows(t.db, { accountId: wallet.id, from, to, batchSize: 3 }));
    expect(streamed.map((r) => r.entryId)).toEqual(inRange.map((r) => r.entryId));
    expect(await statementBalances(t.db, { accountId: wallet.id, from, to })).toEqual({ openingBalance: page.openingBalance, closingBalance: page.closingBalance });
  });

  it("gives a hot (sharded) account a consistent running balance across pages", async () => {
    const { fees } = await history(60);
    const all = await allPages(fees.id, 7);
    const total = (await getBalance(t.db, fees.id)).amount;
    expect(all[0].balance).toBe(total);
    for (let i = 0; i + 1 < all.length; i++) expect(all[i].balance - all[i].amount).toBe(all[i + 1].balance);
    const streamed = await collect(streamStatementRows(t.db, { accountId: fees.id, batchSize: 9 }));
    expect(streamed.at(-1)?.balance).toBe(total);
  });

  it("streams exactly the rows the pages show, counterparties included (wallet, organisation, hot account)", async () => {
    const { wallet, orgAccount, fees, friendWallet } = await history(45);
    for (const account of [wallet, orgAccount, fees, friendWallet]) {
      const paged = await allPages(account.id, 11);
      const streamed = await collect(streamStatementRows(t.db, { accountId: account.id, batchSize: 4 }));
      expect(streamed).toEqual(paged.reverse());
      expect(streamed.every((r) => r.counterparty !== null)).toBe(true);
    }
  });

  it("sums an organisation's account by type", async () => {
    const { orgAccount } = await history(30);
    const summary = await organisationSummaryByType(t.db, orgAccount.id, new Date(0), new Date(Date.now() + 60_000));
    expect(summary).toEqual([{ type: "payment", count: 10, credits: 4750, debits: 0, net: 4750 }]);
  });

  it("exports CSV with the exact header, decimal amounts and escaping", async () => {
    const { wallet } = await history(12);
    const csv = (await collect(statementCsv(streamStatementRows(t.db, { accountId: wallet.id })))).join("");
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("Date,Counterparty,Reference,Type,Description,Amount,Balance");
    expect(STATEMENT_CSV_HEADER).toBe(lines[0]);
    expect(lines).toHaveLength(14); // header + 12 + trailing empty
    expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ,Card payments,PLZ-\d+,Top-up,Top-up 0,10\.00,10\.00$/);
    expect(lines[2]).toMatch(/,Chess Club,PLZ-\d+,Payment,"'=HYPERLINK\(""evil""\) ticket, ""1""",-5\.00,5\.00$/);
  });

  it("exports the same CSV bytes from the batched stream as from the pages and the row-by-row path (tricky text, yen, hot account)", async () => {
    const member = await createTestUser(t.db, '=cmd|"/c calc"!A1');
    const org = await createTestOrganisation(t.db, '-Chess, "Club"\nLondon');
    const wallet = await getOrCreateAccount(t.db, { kind: "member_wallet", ownerUserId: member.id, currency: "jpy" });
    const orgAccount = await getOrCreateAccount(t.db, { kind: "organisation", ownerOrganisationId: org.id, currency: "jpy" });
    const clearing = await getOrCreateAccount(t.db, { kind: "stripe_clearing", currency: "jpy" });
    const fees = await getOrCreateAccount(t.db, { kind: "platform_fees", currency: "jpy" });
    const descriptions = ["=1+1", "+44 20", "-x", "@SUM(A1)", "\tTab", "\rCR", 'say "hi"', "a,b", "line\nbreak", "plain", "x", "ünïcödé ✓"];
    const postings: PostingInput[] = descriptions.flatMap((description, i): PostingInput[] => [
      { type: "manual_top_up", description, idempotencyKey: `${member.id}-in-${i}`, entries: [{ accountId: clearing.id, amount: -(2000 + i) }, { accountId: wallet.id, amount: 2000 + i }] },
      {
        type: "payment",
        description,
        idempotencyKey: `${member.id}-pay-${i}`,
        entries: [{ accountId: wallet.id, amount: -(1500 + i) }, { accountId: orgAccount.id, amount: 1400 + i }, { accountId: fees.id, amount: 100 }],
      },
    ]);
    for (let i = 0; i < postings.length; i += 5) await postTransactions(t.db, postings.slice(i, i + 5));
    for (const account of [wallet, orgAccount, fees]) {
      const expected = [STATEMENT_CSV_HEADER, ...(await allPages(account.id, 500)).reverse().map(referenceCsvLine)].map((l) => `${l}\r\n`).join("");
      for (const batchSize of [1, 5, 5000]) {
        expect((await collect(statementCsvBatches(streamStatementRowBatches(t.db, { accountId: account.id, batchSize })))).join("")).toBe(expected);
        expect((await collect(statementCsv(streamStatementRows(t.db, { accountId: account.id, batchSize })))).join("")).toBe(expected);
      }
    }
    // The fixture really holds the tricky cases: a negative yen amount, a guarded and quoted name and description.
    const csv = (await collect(statementCsvBatches(streamStatementRowBatches(t.db, { accountId: wallet.id })))).join("");
    expect(csv).toContain(`,"'-Chess, ""Club""\nLondon",`);
    expect(csv).toContain(`,Payment,'=1+1,-1500,500\r\n`);
    expect(csv).toContain(`,Payment,"line\nbreak",-1508,`);
    expect(csv.split("\r\n")).toHaveLength(2 + postings.length);
  });

  it("guards text cells against formula injection", () => {
    expect(csvTextCell("=1+1")).toBe("'=1+1");
    expect(csvTextCell("+44 20")).toBe("'+44 20");
    expect(csvTextCell("-x")).toBe("'-x");
    expect(csvTextCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvTextCell("a,b")).toBe('"a,b"');
    expect(csvTextCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvTextCell("line\nbreak")).toBe('"line\nbreak"');
    expect(csvTextCell("plain")).toBe("plain");
  });

  it("renders a multi-page PDF", async () => {
    const { wallet } = await history(150);
    const balances = await statementBalances(t.db, { accountId: wallet.id });
    const pdf = await statementPdf({
      holderName: "Ada Lovelace — ünïcödé ✓",
      accountLabel: "Wallet",
      ...balances,
      rows: streamStatementRows(t.db, { accountId: wallet.id }),
    });
    expect(Buffer.from(pdf.slice(0, 5)).toString("latin1")).toBe("%PDF-");
    const { PDFDocument } = await import("pdf-lib");
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBeGreaterThan(1);
  });

  it("states a real period in the PDF: the first transaction's day when no start is chosen", () => {
    expect(statementPeriod(new Date("2026-11-03T09:00:00Z"), new Date("2026-12-01T17:37:00Z"))).toBe("3 Nov 2026 to 1 Dec 2026");
    expect(statementPeriod(undefined, new Date("2026-12-01T17:37:00Z"))).toBe("up to 1 Dec 2026 (no transactions)");
  });
});
