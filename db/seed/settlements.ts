import "server-only";
import { eq, inArray, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { organisations, organisationSettlementSettings, users } from "@/db/schema";
import { getOrCreateAccount } from "@/lib/ledger/accounts";
import { postTransactions } from "@/lib/ledger/post";
import { env } from "@/lib/env";
import { lastDayOfPreviousMonth, startOfDay } from "@/lib/settlement/days";

/**
 * Last month's money for Harbour Bridge Club, so the monthly settlement has something to pay on a fresh
 * machine: two members top up their wallets on the 10th of last month and pay the club on the 15th (posted
 * through ledger_post with the ledger clock set back to those days, so the ledger's invariants hold), and the
 * club keeps a minimum float of 50.00. At the end of last month it holds 220.00: the settlement pays 170.00
 * less the settlement fee. Posting keys are fixed, so seeding again posts nothing.
 */
export async function seedSettlementHistory(db: Database, now = new Date()): Promise<void> {
  const currency = env().PLAZA_CURRENCY;
  const [club] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, "harbour-bridge-club"));
  const members = await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, ["member@plaza.test", "member2@plaza.test"]));
  const m1 = members.find((m) => m.email === "member@plaza.test");
  const m2 = members.find((m) => m.email === "member2@plaza.test");
  if (!club || !m1 || !m2) return;
  await db.insert(organisationSettlementSettings).values({ organisationId: club.id, minimumFloat: 5000 }).onConflictDoNothing();
  const month = lastDayOfPreviousMonth(now).slice(0, 8);
  const day = (d: string) => new Date(startOfDay(`${month}${d}`).getTime() + 12 * 3_600_000);
  const clubAccount = await getOrCreateAccount(db, { kind: "organisation", ownerOrganisationId: club.id, currency });
  const clearing = await getOrCreateAccount(db, { kind: "stripe_clearing", currency });
  const w1 = await getOrCreateAccount(db, { kind: "member_wallet", ownerUserId: m1.id, currency });
  const w2 = await getOrCreateAccount(db, { kind: "member_wallet", ownerUserId: m2.id, currency });
  const at = async (when: Date, post: (tx: Database) => Promise<unknown>) =>
    db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('plaza.ledger_clock', ${when.toISOString()}, true)`);
      await post(tx);
    });
  await at(day("10"), (tx) =>
    postTransactions(tx, [
      { type: "manual_top_up", description: "Wallet top-up by card", idempotencyKey: "demo:settlement-history:top-up:1", entries: [{ accountId: clearing.id, amount: -15_000 }, { accountId: w1.id, amount: 15_000 }] },
      { type: "manual_top_up", description: "Wallet top-up by card", idempotencyKey: "demo:settlement-history:top-up:2", entries: [{ accountId: clearing.id, amount: -12_000 }, { accountId: w2.id, amount: 12_000 }] },
    ]),
  );
  await at(day("15"), (tx) =>
    postTransactions(tx, [
      { type: "payment", description: "Club membership", idempotencyKey: "demo:settlement-history:payment:1", entries: [{ accountId: w1.id, amount: -12_000 }, { accountId: clubAccount.id, amount: 12_000 }] },
      { type: "payment", description: "Regatta crew fee", idempotencyKey: "demo:settlement-history:payment:2", entries: [{ accountId: w2.id, amount: -10_000 }, { accountId: clubAccount.id, amount: 10_000 }] },
    ]),
  );
}
