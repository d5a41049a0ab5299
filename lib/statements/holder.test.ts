import { describe, expect, it } from "vitest";
import { count } from "drizzle-orm";
import { testDrivers } from "@/db/testing";
import { ledgerAccounts } from "@/db/schema";
import { getOrCreateAccount } from "@/lib/ledger/accounts";
import { postTransactions } from "@/lib/ledger/post";
import { createTestOrganisation, createTestUser, useLedgerDatabase } from "@/lib/ledger/test-support";
import { holderStatementCsv, holderStatementPdf } from "./exports";
import { walletCurrency as platformCurrency } from "@/lib/wallet/accounts";
import { holderBalance } from "./holder";
import { holderStatementBalances, holderStatementPage, holderSummaryByType, loadStatementPage } from "./holder-statement";

const drivers = await testDrivers();

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let out = "";
  for await (const c of chunks) out += c;
  return out;
}

describe.each(drivers)("statements by holder on %s", (driver) => {
  const t = useLedgerDatabase(driver);
  const accountRows = async () => (await t.db.select({ n: count() }).from(ledgerAccounts))[0].n;

  it("reads a holder without an account as an empty statement with zero balances, and creates nothing", async () => {
    const member = await createTestUser(t.db);
    const org = await createTestOrganisation(t.db);
    const before = await accountRows();
    const zero = { amount: 0, currency: platformCurrency() };
    for (const holder of [{ userId: member.id }, { organisationId: org.id }]) {
      expect(await holderBalance(t.db, holder)).toEqual(zero);
      expect(await holderStatementPage(t.db, holder, { limit: 10 })).toEqual({ rows: [], nextCursor: null, openingBalance: zero, closingBalance: zero });
      expect(await holderStatementBalances(t.db, holder, {})).toEqual({ openingBalance: zero, closingBalance: zero });
      expect(await holderSummaryByType(t.db, holder, new Date(0), new Date())).toEqual([]);
      expect(await text(holderStatementCsv(t.db, holder, {}))).toBe("Date,Counterparty,Reference,Type,Description,Amount,Balance\r\n");
      const pdf = await holderStatementPdf(t.db, holder, {}, { holderName: "Nobody", accountLabel: "Wallet" });
      expect(Buffer.from(pdf.slice(0, 5)).toString("latin1")).toBe("%PDF-");
    }
    expect(await accountRows()).toBe(before);
  });

  it("reads the holder's own account in the platform currency, names included", async () => {
    const member = await createTestUser(t.db, "Katherine Johnson");
    const org = await createTestOrganisation(t.db, "Rowing Club");
    const currency = platformCurrency();
    const wallet = await getOrCreateAccount(t.db, { kind: "member_wallet", ownerUserId: member.id, currency });
    const orgAccount = await getOrCreateAccount(t.db, { kind: "organisation", ownerOrganisationId: org.id, currency });
    const clearing = await getOrCreateAccount(t.db, { kind: "stripe_clearing", currency });
    await postTransactions(t.db, [
      { type: "manual_top_up", description: "in", idempotencyKey: `${member.id}-a`, entries: [{ accountId: clearing.id, amount: -900 }, { accountId: wallet.id, amount: 900 }] },
      { type: "payment", description: "fees", idempotencyKey: `${member.id}-b`, entries: [{ accountId: wallet.id, amount: -400 }, { accountId: orgAccount.id, amount: 400 }] },
    ]);
    expect(await holderBalance(t.db, { userId: member.id })).toEqual({ amount: 500, currency });
    const page = await holderStatementPage(t.db, { organisationId: org.id }, {});
    expect(page.rows.map((r) => [r.counterparty, r.amount, r.balance])).toEqual([["Katherine Johnson", 400, 400]]);
    const csv = await text(holderStatementCsv(t.db, { userId: member.id }, {}));
    expect(csv.split("\r\n").slice(1, 3).map((l) => l.split(",")[1])).toEqual(["Card payments", "Rowing Club"]);
  });

  it("starts again from the newest rows when a page link's cursor does not decode", async () => {
    const member = await createTestUser(t.db);
    const wallet = await getOrCreateAccount(t.db, { kind: "member_wallet", ownerUserId: member.id, currency: platformCurrency() });
    const clearing = await getOrCreateAccount(t.db, { kind: "stripe_clearing", currency: platformCurrency() });
    await postTransactions(t.db, [{ type: "manual_top_up", description: "in", idempotencyKey: `${member.id}-c`, entries: [{ accountId: clearing.id, amount: -100 }, { accountId: wallet.id, amount: 100 }] }]);
    const { page, cursorError } = await loadStatementPage(t.db, { userId: member.id }, { range: {}, cursor: "not-a-cursor" });
    expect(cursorError).toBe(true);
    expect(page.rows).toHaveLength(1);
    expect(await loadStatementPage(t.db, { userId: member.id }, { range: {}, cursor: null })).toEqual({ page, cursorError: false });
  });
});
