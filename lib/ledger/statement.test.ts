import { describe, expect, it } from "vitest";
import { count } from "drizzle-orm";
import { testDrivers } from "@/db/testing";
import { ledgerAccounts } from "@/db/schema";
import { accountOwners, findAccount, getOrCreateAccount } from "./accounts";
import { postTransactions } from "./post";
import { getLedgerStatementPage, streamStatementBatches, type LedgerStatementRow } from "./statement";
import { createTestOrganisation, createTestUser, useLedgerDatabase } from "./test-support";

const drivers = await testDrivers();

describe.each(drivers)("ledger statements by account id on %s", (driver) => {
  const t = useLedgerDatabase(driver);

  it("names each row's counterparty by account id, preferring a member or organisation over a platform account", async () => {
    const member = await createTestUser(t.db);
    const org = await createTestOrganisation(t.db);
    const wallet = await getOrCreateAccount(t.db, { kind: "member_wallet", ownerUserId: member.id, currency: "usd" });
    const orgAccount = await getOrCreateAccount(t.db, { kind: "organisation", ownerOrganisationId: org.id, currency: "usd" });
    const clearing = await getOrCreateAccount(t.db, { kind: "stripe_clearing", currency: "usd" });
    const fees = await getOrCreateAccount(t.db, { kind: "platform_fees", currency: "usd" });
    await postTransactions(t.db, [
      { type: "manual_top_up", description: "in", idempotencyKey: `${member.id}-1`, entries: [{ accountId: clearing.id, amount: -1000 }, { accountId: wallet.id, amount: 1000 }] },
    ]);
    // The fee leg is larger than nothing but the organisation still wins: owned accounts come first.
    await postTransactions(t.db, [
      {
        type: "payment",
        description: "pay",
        idempotencyKey: `${member.id}-2`,
        entries: [{ accountId: wallet.id, amount: -500 }, { accountId: fees.id, amount: 250 }, { accountId: orgAccount.id, amount: 250 }],
      },
    ]);
    const page = await getLedgerStatementPage(t.db, { accountId: wallet.id });
    const [payment, topUp] = page.rows;
    expect(payment.counterpartyAccountId).toBe(orgAccount.id);
    // The clearing account is hot (sharded): the posting lands on its primary row here.
    const [clearingOwner] = await accountOwners(t.db, [topUp.counterpartyAccountId ?? -1]);
    expect(clearingOwner).toMatchObject({ kind: "stripe_clearing", ownerUserId: null, ownerOrganisationId: null });
    expect(page.rows.every((r) => !("counterparty" in r))).toBe(true);

    const streamed: LedgerStatementRow[] = [];
    for await (const batch of streamStatementBatches(t.db, { accountId: wallet.id, batchSize: 1 })) {
      expect(batch).toHaveLength(1);
      streamed.push(...batch);
    }
    expect(streamed.map((r) => r.counterpartyAccountId)).toEqual([topUp.counterpartyAccountId, orgAccount.id]);
    expect(await accountOwners(t.db, [orgAccount.id])).toEqual([{ id: orgAccount.id, kind: "organisation", ownerUserId: null, ownerOrganisationId: org.id }]);
  });

  it("finds an account without creating one", async () => {
    const member = await createTestUser(t.db);
    const rows = async () => (await t.db.select({ n: count() }).from(ledgerAccounts))[0].n;
    const before = await rows();
    expect(await findAccount(t.db, { kind: "member_wallet", ownerUserId: member.id, currency: "usd" })).toBeNull();
    expect(await rows()).toBe(before);
    const created = await getOrCreateAccount(t.db, { kind: "member_wallet", ownerUserId: member.id, currency: "usd" });
    expect(await findAccount(t.db, { kind: "member_wallet", ownerUserId: member.id, currency: "USD" })).toEqual(created);
    expect(await findAccount(t.db, { kind: "member_wallet", ownerUserId: member.id, currency: "eur" })).toBeNull();
  });
});
