import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { testDrivers } from "@/db/testing";
import type { Database } from "@/db/client";
import { getOrCreateAccount } from "./accounts";
import { LedgerError } from "./errors";
import { checkLedgerInvariants } from "./invariants";
import { postTransactions, type PostedTransaction, type PostingInput } from "./post";
import { int, queryRows } from "./sql-values";
import { createTestOrganisation, createTestUser, useLedgerDatabase } from "./test-support";

/**
 * Model-based test: random sequences of top-ups, member-to-member transfers (with a platform fee on the hot,
 * sharded fee account), batches, overdrafts, idempotent replays, idempotency conflicts and retries of rejected
 * postings run against the ledger AND against an in-memory model of balances. After every command the balances
 * of every account touched, and the number of transactions and entries, must equal the model; a rejected command
 * must have changed nothing. checkLedgerInvariants runs after every run (and after the test, via
 * useLedgerDatabase). FC_SEED / FC_RUNS override the seed and the number of runs.
 */
const drivers = await testDrivers();
const NUM_RUNS = Number(process.env.FC_RUNS ?? 15);
const MAX_COMMANDS = 20;
const SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);

const WALLETS = ["w0", "w1", "w2"] as const; // w2 has an overdraft limit
const ACCOUNTS = [...WALLETS, "org", "clearing", "fees"] as const;
type Wallet = (typeof WALLETS)[number];
type Acct = (typeof ACCOUNTS)[number];
const OVERDRAFT: Record<Acct, number | null> = { w0: 0, w1: 0, w2: 1000, org: 0, clearing: null, fees: null }; // null: may go negative

interface Posted {
  input: PostingInput;
  result: PostedTransaction;
}

interface Model {
  balances: Record<Acct, number>;
  transactions: number;
  entries: number;
  posted: Posted[];
  /** Postings refused as a whole (their keys are free again). */
  rejected: PostingInput[];
}

interface Real {
  db: Database;
  ids: Record<Acct, number>;
  run: number;
  seq: number;
}

/** Rejection the model predicts for a list of postings applied in order, all or nothing. */
type Outcome = { ok: true; balances: Record<Acct, number>; fresh: boolean[]; replayOf: (Posted | undefined)[] } | { ok: false; code: string; accountId?: Acct };

function nameOf(real: Real, accountId: number): Acct {
  const name = ACCOUNTS.find((a) => real.ids[a] === accountId);
  if (!name) throw new Error(`unknown account ${accountId}`);
  return name;
}

/** Same content for idempotency: everything but metadata (JSON.stringify drops undefined properties). */
function sameContent(a: PostingInput, b: PostingInput): boolean {
  return JSON.stringify({ ...a, metadata: undefined }) === JSON.stringify({ ...b, metadata: undefined });
}

/** What the ledger must do with `postings` (one atomic call), given the model. */
function predict(model: Model, real: Real, postings: PostingInput[]): Outcome {
  const balances = { ...model.balances };
  const seen = new Map<string, PostingInput>(); // keys posted earlier in this batch
  const fresh: boolean[] = [];
  const replayOf: (Posted | undefined)[] = [];
  for (const p of postings) {
    const earlier = model.posted.find((x) => x.input.idempotencyKey === p.idempotencyKey);
    const inBatch = seen.get(p.idempotencyKey);
    const previous = earlier?.input ?? inBatch;
    if (previous) {
      if (!sameContent(previous, p)) return { ok: false, code: "idempotency_conflict" };
      fresh.push(false);
      replayOf.push(earlier);
      continue;
    }
    for (const e of p.entries) {
      const a = nameOf(real, e.accountId);
      balances[a] += e.amount;
      const limit = OVERDRAFT[a];
      if (e.amount < 0 && limit !== null && balances[a] < -limit) return { ok: false, code: "insufficient_funds", accountId: a };
    }
    seen.set(p.idempotencyKey, p);
    fresh.push(true);
    replayOf.push(undefined);
  }
  return { ok: true, balances, fresh, replayOf };
}

async function actual(real: Real): Promise<{ balances: Record<Acct, number>; transactions: number; entries: number }> {
  const ids = ACCOUNTS.map((a) => real.ids[a]);
  const rows = await queryRows(
    real.db,
    sql`select coalesce(primary_account_id, id) as id, sum(balance)::text as b from ledger_accounts
        where coalesce(primary_account_id, id) = any(${`{${ids.join(",")}}`}::bigint[]) group by 1`,
  );
  const balances = Object.fromEntries(ACCOUNTS.map((a) => [a, 0])) as Record<Acct, number>;
  for (const r of rows) balances[nameOf(real, int(r.id))] = int(r.b);
  const [c] = await queryRows(
    real.db,
    sql`select (select count(*) from ledger_transactions)::int as t, (select count(*) from ledger_entries)::int as e`,
  );
  return { balances, transactions: int(c.t), entries: int(c.e) };
}

async function expectMatches(model: Model, real: Real): Promise<void> {
  const now = await actual(real);
  expect(now.balances).toEqual(model.balances);
  expect({ transactions: now.transactions, entries: now.entries }).toEqual({ transactions: model.transactions, entries: model.entries });
}

/** How often each outcome happened (printed, so a run that never overdraws or replays is visible). */
const stats: Record<string, number> = {};
const count = (what: string, n = 1) => void (stats[what] = (stats[what] ?? 0) + n);

/** Runs one atomic call of the ledger and checks it against the model's prediction, then updates the model. */
async function apply(model: Model, real: Real, postings: PostingInput[]): Promise<void> {
  count("commands");
  const expected = predict(model, real, postings);
  let results: PostedTransaction[] | undefined;
  let error: unknown;
  try {
    results = await postTransactions(real.db, postings);
  } catch (e) {
    error = e;
  }
  if (!expected.ok) {
    expect(error, `expected ${expected.code}`).toBeInstanceOf(LedgerError);
    const le = error as LedgerError;
    expect(le.code).toBe(expected.code);
    if (expected.accountId) expect(le.details.accountId).toBe(real.ids[expected.accountId]);
    count(`rejected ${expected.code}`);
    for (const p of postings) if (!model.posted.some((x) => x.input.idempotencyKey === p.idempotencyKey)) model.rejected.push(p);
    await expectMatches(model, real); // nothing changed
    return;
  }
  if (error) throw error;
  if (!results) throw new Error("no results");
  expect(results.map((r) => r.replayed)).toEqual(expected.fresh.map((f) => !f));
  const firstOfKey = new Map<string, PostedTransaction>();
  results.forEach((r, i) => {
    const p = postings[i];
    const earlier = expected.replayOf[i] ?? (firstOfKey.has(p.idempotencyKey) ? { input: p, result: firstOfKey.get(p.idempotencyKey)! } : undefined);
    if (expected.fresh[i]) {
      expect(r.entries.map((e) => [e.accountId, e.amount])).toEqual(p.entries.map((e) => [e.accountId, e.amount]));
      model.posted.push({ input: p, result: r });
      model.rejected = model.rejected.filter((x) => x.idempotencyKey !== p.idempotencyKey);
      model.transactions += 1;
      model.entries += p.entries.length;
      firstOfKey.set(p.idempotencyKey, r);
    } else {
      // A replay returns the first result unchanged.
      if (!earlier) throw new Error("replay without an original");
      expect({ ...r, replayed: false }).toEqual({ ...earlier.result, replayed: false });
    }
  });
  count("posted", expected.fresh.filter(Boolean).length);
  count("replayed", expected.fresh.filter((f) => !f).length);
  if (postings.length > 1) count("batches accepted");
  model.balances = expected.balances;
  await expectMatches(model, real);
}

// ---- commands ----

function nextKey(real: Real, what: string): string {
  real.seq += 1;
  return `model-${real.run}-${what}-${real.seq}`;
}

function topUp(real: Real, w: Wallet, amount: number): PostingInput {
  return {
    type: "manual_top_up",
    description: "Top-up",
    idempotencyKey: nextKey(real, "topup"),
    entries: [
      { accountId: real.ids.clearing, amount: -amount },
      { accountId: real.ids[w], amount },
    ],
  };
}

interface TransferSpec {
  from: Wallet | "org";
  to: Wallet | "org";
  amount: number;
  fee: number;
}

function transfer(real: Real, t: TransferSpec): PostingInput {
  return {
    type: t.to === "org" ? "payment" : "member_transfer",
    description: `Transfer ${t.from} → ${t.to}`,
    idempotencyKey: nextKey(real, "transfer"),
    metadata: { at: real.seq },
    entries: [
      { accountId: real.ids[t.from], amount: -(t.amount + t.fee) },
      { accountId: real.ids[t.to], amount: t.amount },
      ...(t.fee > 0 ? [{ accountId: real.ids.fees, amount: t.fee }] : []),
    ],
  };
}

class TopUp implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly w: Wallet,
    readonly amount: number,
  ) {}
  check = () => true;
  run = (m: Model, r: Real) => apply(m, r, [topUp(r, this.w, this.amount)]);
  toString = () => `topUp(${this.w}, ${this.amount})`;
}

class Transfer implements fc.AsyncCommand<Model, Real> {
  constructor(readonly t: TransferSpec) {}
  check = () => true;
  run = (m: Model, r: Real) => apply(m, r, [transfer(r, this.t)]);
  toString = () => `transfer(${JSON.stringify(this.t)})`;
}

class Batch implements fc.AsyncCommand<Model, Real> {
  constructor(readonly ts: TransferSpec[]) {}
  check = () => true;
  run = (m: Model, r: Real) => apply(m, r, this.ts.map((t) => transfer(r, t)));
  toString = () => `batch(${JSON.stringify(this.ts)})`;
}

/** The same posting again (metadata may differ: it is not part of the idempotency comparison). */
class Replay implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly pick: number,
    readonly newMetadata: boolean,
    readonly withNew: TransferSpec | null,
  ) {}
  check = (m: Readonly<Model>) => m.posted.length > 0;
  run = async (m: Model, r: Real) => {
    const original = m.posted[this.pick % m.posted.length].input;
    const again = this.newMetadata ? { ...original, metadata: { replayedAt: r.seq } } : original;
    // Optionally in a batch after a new posting: the new one is posted, the old one replayed.
    await apply(m, r, this.withNew ? [transfer(r, this.withNew), again] : [again]);
  };
  toString = () => `replay(#${this.pick}${this.newMetadata ? ", new metadata" : ""}${this.withNew ? `, after ${JSON.stringify(this.withNew)}` : ""})`;
}

/** The same key with different content: refused, and with it anything else in the same batch. */
class Conflict implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly pick: number,
    readonly change: "amount" | "description" | "account",
    readonly withNew: TransferSpec | null,
  ) {}
  check = (m: Readonly<Model>) => m.posted.length > 0;
  run = async (m: Model, r: Real) => {
    const original = m.posted[this.pick % m.posted.length].input;
    let other: PostingInput;
    if (this.change === "description") other = { ...original, description: `${original.description} (edited)` };
    else if (this.change === "amount") other = { ...original, entries: original.entries.map((e) => ({ ...e, amount: e.amount * 2 })) };
    else {
      // Swap the credited account for another (still balanced).
      const credited = original.entries.findIndex((e) => e.amount > 0);
      const current = original.entries[credited].accountId;
      const replacement = current === r.ids.w0 ? r.ids.w1 : r.ids.w0;
      other = { ...original, entries: original.entries.map((e, i) => (i === credited ? { ...e, accountId: replacement } : e)) };
    }
    await apply(m, r, this.withNew ? [transfer(r, this.withNew), other] : [other]);
  };
  toString = () => `conflict(#${this.pick}, ${this.change}${this.withNew ? `, after ${JSON.stringify(this.withNew)}` : ""})`;
}

/** A refused posting tried again with the same key: its key was not used up, so it posts if funds now allow. */
class RetryRejected implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.rejected.length > 0;
  run = (m: Model, r: Real) => apply(m, r, [m.rejected[this.pick % m.rejected.length]]);
  toString = () => `retryRejected(#${this.pick})`;
}

/** The same new posting twice in one batch: posted once, the second is a replay. */
class DuplicateInBatch implements fc.AsyncCommand<Model, Real> {
  constructor(readonly t: TransferSpec) {}
  check = () => true;
  run = async (m: Model, r: Real) => {
    const p = transfer(r, this.t);
    await apply(m, r, [p, { ...p, metadata: { second: true } }]);
  };
  toString = () => `duplicateInBatch(${JSON.stringify(this.t)})`;
}

const wallet = fc.constantFrom(...WALLETS);
const transferSpec: fc.Arbitrary<TransferSpec> = fc
  .record({
    from: fc.constantFrom<TransferSpec["from"]>(...WALLETS, "org"),
    to: fc.constantFrom<TransferSpec["to"]>(...WALLETS, "org"),
    amount: fc.integer({ min: 1, max: 2000 }),
    fee: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 100 })),
  })
  .filter((t) => t.from !== t.to);
const optionalNew = fc.option(transferSpec, { freq: 3 });

const commands = fc.commands(
  [
    fc.tuple(wallet, fc.integer({ min: 1, max: 5000 })).map(([w, a]) => new TopUp(w, a)),
    fc.tuple(wallet, fc.integer({ min: 1, max: 5000 })).map(([w, a]) => new TopUp(w, a)),
    transferSpec.map((t) => new Transfer(t)),
    transferSpec.map((t) => new Transfer(t)),
    fc.array(transferSpec, { minLength: 2, maxLength: 4 }).map((ts) => new Batch(ts)),
    fc.tuple(fc.nat(), fc.boolean(), optionalNew).map(([i, md, n]) => new Replay(i, md, n)),
    fc.tuple(fc.nat(), fc.constantFrom("amount" as const, "description" as const, "account" as const), optionalNew).map(([i, c, n]) => new Conflict(i, c, n)),
    fc.nat().map((i) => new RetryRejected(i)),
    transferSpec.map((t) => new DuplicateInBatch(t)),
  ],
  { maxCommands: MAX_COMMANDS, size: "max" },
);

describe.each(drivers)("ledger against an in-memory model on %s", (driver) => {
  const t = useLedgerDatabase(driver);
  let run = 0;

  async function freshWorld(): Promise<{ model: Model; real: Real }> {
    run += 1;
    const org = await createTestOrganisation(t.db, `Model Club ${run}`);
    const ids = {} as Record<Acct, number>;
    for (const w of WALLETS) {
      const user = await createTestUser(t.db);
      ids[w] = (await getOrCreateAccount(t.db, { kind: "member_wallet", ownerUserId: user.id, currency: "usd", overdraftLimit: OVERDRAFT[w] ?? 0 })).id;
    }
    ids.org = (await getOrCreateAccount(t.db, { kind: "organisation", ownerOrganisationId: org.id, currency: "usd" })).id;
    // Shared by every run (one per currency): the model starts from their current balances.
    ids.clearing = (await getOrCreateAccount(t.db, { kind: "stripe_clearing", currency: "usd" })).id;
    ids.fees = (await getOrCreateAccount(t.db, { kind: "platform_fees", currency: "usd" })).id;
    const real: Real = { db: t.db, ids, run, seq: 0 };
    // Opening balances (before the model's snapshot) so that transfers are sometimes funded, sometimes not.
    await postTransactions(t.db, [topUp(real, "w0", 4000), topUp(real, "w1", 2000)]);
    const start = await actual(real);
    return { real, model: { balances: start.balances, transactions: start.transactions, entries: start.entries, posted: [], rejected: [] } };
  }

  it(`agrees with the model over ${NUM_RUNS} random command sequences`, async () => {
    const started = performance.now();
    for (const k of Object.keys(stats)) delete stats[k];
    await fc.assert(
      fc.asyncProperty(commands, async (cmds) => {
        const world = await freshWorld();
        await fc.asyncModelRun(() => world, cmds);
        await checkLedgerInvariants(t.db);
      }),
      { numRuns: NUM_RUNS, seed: SEED, endOnFailure: false },
    );
    const seconds = (performance.now() - started) / 1000;
    console.info(`[model ${driver}] ${NUM_RUNS} runs, ${stats.commands ?? 0} commands, ${seconds.toFixed(1)} s, ${JSON.stringify(stats)}`);
    expect(seconds).toBeLessThan(60);
  });
});
