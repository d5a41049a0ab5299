/**
 * `npm run bench:settlement`: settles 10 000 organisations (BENCH_ORGS) on a fresh Postgres database and prints
 * one JSON document. Setup (not timed): organisations, a minimum float for half of them, and one backdated
 * payment into each organisation's balance (through ledger_post, with the ledger clock set to the 15th of last
 * month). Timed: the proposal (as-of balances from the entries, floats, fees in force, one insert per 1000
 * lines) and the confirm (row lock, claims, the settlement and fee postings in batches of 400, line updates in
 * one statement). Every line is a bank payment here: Stripe transfers cost one API call each (8 in flight),
 * measured by the settlement tests, not here. Cross-checks: every line paid, every balance left at its float,
 * the ledger's invariants.
 */
import { sql } from "drizzle-orm";
import { bar } from "./bars";
import { openDatabase } from "@/db/client";
import { createPostgresDatabase } from "@/db/testing";
import { organisations, organisationSettlementSettings } from "@/db/schema";
import { recordFeeSchedule } from "@/lib/fees/schedules";
import { getOrCreateAccount } from "@/lib/ledger/accounts";
import { checkLedgerInvariants } from "@/lib/ledger/invariants";
import { postTransactions, type PostingInput } from "@/lib/ledger/post";
import { int, queryRows } from "@/lib/ledger/sql-values";
import { lastDayOfPreviousMonth, startOfDay } from "@/lib/settlement/days";
import { confirmSettlement, proposeSettlement } from "@/lib/settlement/settlements";
import { loadavg } from "node:os";

const ORGS = Number(process.env.BENCH_ORGS ?? 10_000);
const created = await createPostgresDatabase("plaza_bench_settlement");
const handle = await openDatabase({ url: created.url, poolSize: 4 });
try {
  await handle.migrate();
  const db = handle.db;
  const currency = "usd";
  const setupStart = performance.now();
  await recordFeeSchedule(db, null, { percentBps: 500, fixed: 30, min: null, max: null, settlementPercentBps: 150, effectiveFrom: new Date("2020-01-01") });
  const rows = Array.from({ length: ORGS }, (_, i) => ({ slug: `bench-org-${i}`, name: `Bench Org ${String(i).padStart(5, "0")}`, kind: "club" as const }));
  const orgIds: string[] = [];
  for (let i = 0; i < rows.length; i += 1000) for (const r of await db.insert(organisations).values(rows.slice(i, i + 1000)).returning({ id: organisations.id })) orgIds.push(r.id);
  const floats = orgIds.filter((_, i) => i % 2 === 0).map((organisationId) => ({ organisationId, minimumFloat: 2_000 }));
  for (let i = 0; i < floats.length; i += 1000) await db.insert(organisationSettlementSettings).values(floats.slice(i, i + 1000));
  const clearing = await getOrCreateAccount(db, { kind: "stripe_clearing", currency });
  await queryRows(
    db,
    sql`insert into ledger_accounts (kind, owner_organisation_id, currency) select 'organisation', id, ${currency} from organisations where slug like 'bench-org-%'`,
  );
  const accounts = await queryRows(db, sql`select id from ledger_accounts where kind = 'organisation' order by id`);
  const referenceDate = lastDayOfPreviousMonth();
  const when = new Date(startOfDay(`${referenceDate.slice(0, 8)}15`).getTime() + 12 * 3_600_000);
  const postings: PostingInput[] = accounts.map((a, i) => ({
    type: "payment",
    description: "Bench payment",
    idempotencyKey: `bench:settlement:${i}`,
    entries: [
      { accountId: clearing.id, amount: -(10_000 + (i % 97) * 100) },
      { accountId: int(a.id), amount: 10_000 + (i % 97) * 100 },
    ],
  }));
  for (let i = 0; i < postings.length; i += 500) {
    await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('plaza.ledger_clock', ${when.toISOString()}, true)`);
      await postTransactions(tx, postings.slice(i, i + 500));
    });
  }
  const setupMs = performance.now() - setupStart;
  await queryRows(db, sql`analyze`);

  const load0 = loadavg()[0];
  const t0 = performance.now();
  const { settlement } = await proposeSettlement(db, { referenceDate }, null);
  const t1 = performance.now();
  const result = await confirmSettlement(db, settlement.id, {}, null);
  const t2 = performance.now();
  const again = await confirmSettlement(db, settlement.id, {}, null);
  const t3 = performance.now();

  const [left] = await queryRows(
    db,
    sql`select count(*)::int as wrong from ledger_accounts a left join organisation_settlement_settings f on f.organisation_id = a.owner_organisation_id
        where a.kind = 'organisation' and a.balance <> coalesce(f.minimum_float, 0)`,
  );
  await checkLedgerInvariants(db);
  const postingsMade = result.settlement.lines.reduce((n, l) => n + (l.amount > 0 ? 1 : 0) + (l.fee > 0 ? 1 : 0), 0);
  console.log(
    JSON.stringify(
      {
        bench: "settlement",
        organisations: ORGS,
        lines: result.settlement.lines.length,
        paid: result.paidNow,
        ledgerPostings: postingsMade,
        proposeMs: Math.round(t1 - t0),
        confirmMs: Math.round(t2 - t1),
        totalSeconds: Number(((t2 - t0) / 1000).toFixed(2)),
        postingsPerSecond: Math.round(postingsMade / ((t2 - t1) / 1000)),
        secondConfirm: { paidNow: again.paidNow, ms: Math.round(t3 - t2) },
        // "Settling 10,000 organisations takes seconds, not minutes": under a minute, with every check passing.
        bars: [bar(`settle ${ORGS} organisations, seconds`, Number(((t2 - t0) / 1000).toFixed(2)), "<=", 60)],
        checks: { everyLinePaid: result.paidNow === ORGS, balancesAtFloat: int(left.wrong) === 0, ledgerInvariants: true },
        setupMs: Math.round(setupMs),
        loadAverage: { before: load0, after: loadavg()[0] },
        note: "bank payments only (no Stripe calls); Postgres 15, synchronous_commit on, shared 2-core machine",
      },
      null,
      2,
    ),
  );
} finally {
  await handle.close();
  await created.drop();
}
