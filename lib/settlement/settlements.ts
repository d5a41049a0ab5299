import "server-only";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import Stripe from "stripe";
import { z } from "zod";
import type { Database } from "@/db/client";
import { connectedAccounts, organisations, settlementLines, settlements } from "@/db/schema";
import { reasonsFor, type ConnectedAccount } from "@/lib/connect/can-sell";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { settlementFee } from "@/lib/fees/compute";
import { settlementPercentsInForce } from "@/lib/fees/schedules";
import { getOrCreateAccount } from "@/lib/ledger/accounts";
import { postTransactions, type PostingInput } from "@/lib/ledger/post";
import { int, queryRows, str } from "@/lib/ledger/sql-values";
import { assertNoTransaction } from "@/lib/payments/no-transaction";
import { idempotencyKey, stripe } from "@/lib/stripe/client";
import { calendarDate } from "@/lib/validation/dates";
import { csvAmount, csvDocument } from "@/lib/reports/csv";
import { endOfDay, lastDayOfPreviousMonth, today } from "./days";

/**
 * Monthly settlement (DESIGN.md section 5, "Settlements"): the platform pays each organisation the money it
 * holds for it, above the organisation's minimum float, less the settlement fee.
 *
 * The rule, per organisation, for a reference date D (a calendar day in PLAZA_TIME_ZONE):
 *   balance  = the organisation account's entries created before the end of D, less what settlements claimed
 *              after the end of D already took from it (so no day's money is settled twice);
 *   gross    = balance - minimum float (listed only when > 0);
 *   fee      = the settlement percent in force at the end of D (lib/fees: the organisation's override, else the
 *              platform default) of gross, in basis points, rounded half-up;
 *   amount   = gross - fee, paid to the organisation.
 * Lowering a line to amount A takes the smallest gross g with g - fee(g) >= A and charges g - A as the fee.
 *
 * Paying (confirmSettlement): one short transaction locks the settlement row, moves it proposed -> confirmed
 * (a second confirm, or a concurrent one that waited on the lock, finds it confirmed and pays nothing), and
 * claims every line: it posts the settlement (organisation -> Stripe clearing for a transfer, -> bank for a bank
 * payment) and the fee (organisation -> platform fees) in batched ledger postings. Stripe is called after the
 * commit, one transfer per line with an idempotency key from the line id; its outcome is recorded after. A
 * transfer Stripe refuses (or that cannot be confirmed) reverses the line's postings and leaves it `failed`
 * with the reason, to be retried.
 */

export const settlementProposalRequest = z.object({
  referenceDate: calendarDate("referenceDate must be a real date like 2026-11-30")
    .transform((d) => d.toISOString().slice(0, 10))
    .optional(),
});
export type SettlementProposalRequest = z.infer<typeof settlementProposalRequest>;

export const settlementConfirmRequest = z.object({
  lines: z
    .array(
      z.object({
        orgSlug: z.string().min(1).max(200),
        amount: z.number().int("must be a whole number of minor units").min(0, "must not be negative").max(Number.MAX_SAFE_INTEGER),
      }),
    )
    .max(100_000)
    .optional(),
});
export type SettlementConfirmRequest = z.infer<typeof settlementConfirmRequest>;

export type SettlementRow = typeof settlements.$inferSelect;
export type SettlementLineRow = typeof settlementLines.$inferSelect;

export interface SettlementLineView {
  id: string;
  orgSlug: string;
  orgName: string;
  balance: number;
  float: number;
  feeBps: number;
  fee: number;
  gross: number;
  amount: number;
  proposedAmount: number;
  method: "stripe_transfer" | "bank";
  status: SettlementLineRow["status"];
  stripeTransferId: string | null;
  destinationAccountId: string | null;
  failureCode: string | null;
  failureMessage: string | null;
  paidAt: string | null;
}

export interface SettlementView {
  id: string;
  referenceDate: string;
  asOf: string;
  currency: string;
  status: SettlementRow["status"];
  createdAt: string;
  confirmedAt: string | null;
  totals: { lines: number; balance: number; fee: number; amount: number; paid: number; failed: number };
  lines: SettlementLineView[];
}

/** The fee and the amount paid for a gross taken from the balance. */
export function settlementSplit(gross: number, bps: number): { gross: number; fee: number; amount: number } {
  const fee = settlementFee(gross, bps);
  return { gross, fee, amount: gross - fee };
}

/** A line lowered to `amount`: the smallest gross (at most the proposed one) that pays it, and the fee that leaves. */
export function loweredSplit(amount: number, proposedGross: number, bps: number): { gross: number; fee: number; amount: number } {
  if (amount === 0) return { gross: 0, fee: 0, amount: 0 };
  if (bps >= 10_000) return { gross: proposedGross, fee: proposedGross - amount, amount };
  let g = Math.max(amount, Math.floor((amount * 10_000) / (10_000 - bps)) - 2);
  while (g < proposedGross && g - settlementFee(g, bps) < amount) g++;
  g = Math.min(g, proposedGross);
  return { gross: g, fee: g - amount, amount };
}

/** Whether Stripe will take a transfer to the account: connected, transfers (or charges) on, nothing blocking. */
export function canReceiveTransfers(a: ConnectedAccount): boolean {
  if (a.deauthorizedAt) return false;
  const transfers = a.capabilities.transfers;
  if (transfers !== undefined ? transfers !== "active" : !a.chargesEnabled) return false;
  return !reasonsFor(a).some((r) => r.severity === "blocking");
}

function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null;
}

/** The settlement with its lines and totals, or null. */
export async function getSettlement(db: Database, id: string): Promise<SettlementView | null> {
  if (!z.uuid().safeParse(id).success) return null;
  const [s] = await db.select().from(settlements).where(eq(settlements.id, id));
  if (!s) return null;
  const rows = await db
    .select({ line: settlementLines, slug: organisations.slug, name: organisations.name })
    .from(settlementLines)
    .innerJoin(organisations, eq(organisations.id, settlementLines.organisationId))
    .where(eq(settlementLines.settlementId, id))
    .orderBy(asc(organisations.name), asc(settlementLines.id));
  const lines: SettlementLineView[] = rows.map(({ line: l, slug, name }) => ({
    id: l.id,
    orgSlug: slug,
    orgName: name,
    balance: l.balance,
    float: l.minimumFloat,
    feeBps: l.feeBps,
    fee: l.fee,
    gross: l.gross,
    amount: l.amount,
    proposedAmount: l.proposedAmount,
    method: l.method,
    status: l.status,
    stripeTransferId: l.stripeTransferId,
    destinationAccountId: l.destinationAccountId,
    failureCode: l.failureCode,
    failureMessage: l.failureMessage,
    paidAt: iso(l.paidAt),
  }));
  const live = lines.filter((l) => l.status !== "dropped");
  return {
    id: s.id,
    referenceDate: s.referenceDate,
    asOf: s.asOf.toISOString(),
    currency: s.currency,
    status: s.status,
    createdAt: s.createdAt.toISOString(),
    confirmedAt: iso(s.confirmedAt),
    totals: {
      lines: live.length,
      balance: live.reduce((n, l) => n + l.balance, 0),
      fee: live.reduce((n, l) => n + l.fee, 0),
      amount: live.reduce((n, l) => n + l.amount, 0),
      paid: lines.filter((l) => l.status === "paid").length,
      failed: lines.filter((l) => l.status === "failed").length,
    },
    lines,
  };
}

export async function requireSettlement(db: Database, id: string): Promise<SettlementView> {
  const s = await getSettlement(db, id);
  if (!s) throw new AppError("not_found", "No such settlement.");
  return s;
}

/** Every settlement, newest reference date first, with its totals (history). */
export async function listSettlements(db: Database, limit = 50): Promise<(SettlementRow & { lines: number; amount: number; paid: number; failed: number })[]> {
  const rows = await db
    .select({
      s: settlements,
      lines: sql<string>`count(${settlementLines.id}) filter (where ${settlementLines.status} <> 'dropped')`,
      amount: sql<string>`coalesce(sum(${settlementLines.amount}) filter (where ${settlementLines.status} <> 'dropped'), 0)`,
      paid: sql<string>`count(${settlementLines.id}) filter (where ${settlementLines.status} = 'paid')`,
      failed: sql<string>`count(${settlementLines.id}) filter (where ${settlementLines.status} = 'failed')`,
    })
    .from(settlements)
    .leftJoin(settlementLines, eq(settlementLines.settlementId, settlements.id))
    .groupBy(settlements.id)
    .orderBy(desc(settlements.referenceDate), desc(settlements.createdAt))
    .limit(limit);
  return rows.map((r) => ({ ...r.s, lines: int(r.lines), amount: int(r.amount), paid: int(r.paid), failed: int(r.failed) }));
}

interface Candidate {
  accountId: number;
  organisationId: string;
  balance: number;
  float: number;
}

async function candidates(db: Database, asOf: Date, currency: string): Promise<Candidate[]> {
  const at = asOf.toISOString();
  const rows = await queryRows(
    db,
    sql`select a.id, a.owner_organisation_id as org, (b.balance - coalesce(p.gross, 0))::text as balance, coalesce(f.minimum_float, 0)::text as float
        from ledger_accounts a
        join lateral (select coalesce(sum(e.amount), 0) as balance from ledger_entries e
                      where e.account_id = a.id and e.created_at < ${at}::timestamptz) b on true
        left join organisation_settlement_settings f on f.organisation_id = a.owner_organisation_id
        left join lateral (select sum(l.gross) as gross from settlement_lines l
                           where l.organisation_id = a.owner_organisation_id and l.status in ('processing', 'paid')
                             and l.claimed_at >= ${at}::timestamptz) p on true
        where a.kind = 'organisation' and a.currency = ${currency}
          and b.balance - coalesce(p.gross, 0) - coalesce(f.minimum_float, 0) > 0`,
  );
  return rows.map((r) => ({ accountId: int(r.id), organisationId: str(r.org), balance: int(r.balance), float: int(r.float) }));
}

/**
 * The proposal for a reference date (default: the last day of the previous month in PLAZA_TIME_ZONE). There is
 * one live settlement per date: asking again returns the existing one (`created: false`).
 */
export async function proposeSettlement(db: Database, input: SettlementProposalRequest, actorUserId: string | null, now = new Date()): Promise<{ settlement: SettlementView; created: boolean }> {
  const referenceDate = input.referenceDate ?? lastDayOfPreviousMonth(now);
  if (referenceDate >= today(now)) {
    throw new AppError("validation_failed", "referenceDate: settle a day that has ended (yesterday or earlier).", { param: "referenceDate" });
  }
  const currency = env().PLAZA_CURRENCY;
  const asOf = endOfDay(referenceDate);
  const id = await db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: settlements.id })
      .from(settlements)
      .where(and(eq(settlements.referenceDate, referenceDate), eq(settlements.currency, currency), sql`${settlements.status} <> 'cancelled'`));
    if (existing) return { id: existing.id, created: false };
    const [s] = await tx
      .insert(settlements)
      .values({ referenceDate, asOf, currency, createdBy: actorUserId })
      .onConflictDoNothing()
      .returning({ id: settlements.id });
    if (!s) return null; // another admin proposed the same date at the same moment
    const list = await candidates(tx, asOf, currency);
    const fees = await settlementPercentsInForce(tx, new Date(asOf.getTime() - 1));
    const accounts = new Map<string, ConnectedAccount>();
    if (list.length) {
      const rows = await tx.select().from(connectedAccounts).where(sql`${connectedAccounts.deauthorizedAt} is null and ${connectedAccounts.organisationId} is not null`);
      for (const a of rows) if (a.organisationId) accounts.set(a.organisationId, a);
    }
    const values = list.map((c) => {
      const fee = fees.of(c.organisationId);
      const split = settlementSplit(c.balance - c.float, fee.bps);
      const account = accounts.get(c.organisationId);
      const transfer = account !== undefined && canReceiveTransfers(account);
      return {
        id: crypto.randomUUID(),
        organisation_id: c.organisationId,
        account_id: c.accountId,
        balance: c.balance,
        minimum_float: c.float,
        fee_bps: fee.bps,
        fee_schedule_id: fee.scheduleId,
        gross: split.gross,
        fee: split.fee,
        amount: split.amount,
        method: transfer ? "stripe_transfer" : "bank",
        destination_account_id: transfer ? (account?.id ?? null) : null,
      };
    });
    // One statement per 5000 lines, the rows as one JSON parameter (a multi-row VALUES with 20 parameters a row
    // spends seconds building and binding parameters at 10 000 lines).
    for (let i = 0; i < values.length; i += 5000) {
      await tx.execute(sql`
        insert into settlement_lines (id, settlement_id, organisation_id, account_id, balance, minimum_float, fee_bps, fee_schedule_id,
                                      gross, fee, amount, proposed_amount, method, destination_account_id)
        select x.id, ${s.id}, x.organisation_id, x.account_id, x.balance, x.minimum_float, x.fee_bps, x.fee_schedule_id,
               x.gross, x.fee, x.amount, x.amount, x.method::settlement_method, x.destination_account_id
        from jsonb_to_recordset(${JSON.stringify(values.slice(i, i + 5000))}::jsonb) as x(id text, organisation_id text, account_id bigint, balance bigint,
             minimum_float bigint, fee_bps integer, fee_schedule_id text, gross bigint, fee bigint, amount bigint, method text, destination_account_id text)`);
    }
    return { id: s.id, created: true };
  });
  if (!id) return proposeSettlement(db, { referenceDate }, actorUserId, now);
  return { settlement: await requireSettlement(db, id.id), created: id.created };
}

interface SystemAccounts {
  clearing: number;
  bank: number;
  fees: number;
}

async function systemAccounts(db: Database, currency: string): Promise<SystemAccounts> {
  // One after the other: inside a transaction there is one connection.
  const clearing = await getOrCreateAccount(db, { kind: "stripe_clearing", currency });
  const bank = await getOrCreateAccount(db, { kind: "settlement_bank", currency });
  const fees = await getOrCreateAccount(db, { kind: "platform_fees", currency });
  return { clearing: clearing.id, bank: bank.id, fees: fees.id };
}

function describe(referenceDate: string, method: SettlementLineRow["method"]): string {
  return `Settlement of the balance at ${referenceDate} (${method === "bank" ? "bank payment" : "Stripe transfer"})`;
}

/** The claim's postings for a line: the settlement and the fee; `reverse` gives the entries back. */
function linePostings(line: SettlementLineRow, referenceDate: string, sys: SystemAccounts, claim: number, actorUserId: string | null, reverse = false): PostingInput[] {
  const sign = reverse ? -1 : 1;
  const key = `settlement-line:${line.id}:claim:${claim}${reverse ? ":reversal" : ""}`;
  const out: PostingInput[] = [];
  const meta = { settlementId: line.settlementId, settlementLineId: line.id, claim };
  if (line.amount > 0) {
    out.push({
      type: "settlement",
      description: reverse ? `Settlement of the balance at ${referenceDate} reversed: the transfer did not go through` : describe(referenceDate, line.method),
      idempotencyKey: `${key}:settlement`,
      actorUserId,
      metadata: meta,
      entries: [
        { accountId: line.accountId, amount: -sign * line.amount },
        { accountId: line.method === "bank" ? sys.bank : sys.clearing, amount: sign * line.amount },
      ],
    });
  }
  if (line.fee > 0) {
    out.push({
      type: "fee",
      description: reverse ? `Settlement fee for ${referenceDate} refunded: the transfer did not go through` : `Settlement fee (${(line.feeBps / 100).toFixed(2)}%) for ${referenceDate}`,
      idempotencyKey: `${key}:fee`,
      actorUserId,
      metadata: meta,
      entries: [
        { accountId: line.accountId, amount: -sign * line.fee },
        { accountId: sys.fees, amount: sign * line.fee },
      ],
    });
  }
  return out;
}

const POSTINGS_PER_BATCH = 400;

async function postBatched(db: Database, postings: PostingInput[]): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < postings.length; i += POSTINGS_PER_BATCH) {
    for (const p of await postTransactions(db, postings.slice(i, i + POSTINGS_PER_BATCH))) ids.push(p.id);
  }
  return ids;
}

async function currentBalances(db: Database, accountIds: number[]): Promise<Map<number, number>> {
  if (accountIds.length === 0) return new Map();
  const rows = await queryRows(db, sql`select id, balance::text as balance from ledger_accounts where id in (select (jsonb_array_elements_text(${JSON.stringify(accountIds)}::jsonb))::bigint)`);
  return new Map(rows.map((r) => [int(r.id), int(r.balance)]));
}

/**
 * Claims lines inside the caller's transaction: checks each organisation still holds the gross, posts the
 * settlement and fee, and moves the line to processing (transfer) or paid (bank). Returns the lines to transfer.
 */
async function claimLines(tx: Database, settlement: SettlementRow, lines: SettlementLineRow[], actorUserId: string | null): Promise<SettlementLineRow[]> {
  if (lines.length === 0) return [];
  const sys = await systemAccounts(tx, settlement.currency);
  const balances = await currentBalances(tx, [...new Set(lines.map((l) => l.accountId))]);
  const short: SettlementLineRow[] = [];
  const claimed: SettlementLineRow[] = [];
  const spent = new Map<number, number>();
  for (const l of lines) {
    const left = (balances.get(l.accountId) ?? 0) - (spent.get(l.accountId) ?? 0);
    if (left < l.gross) short.push(l);
    else {
      spent.set(l.accountId, (spent.get(l.accountId) ?? 0) + l.gross);
      claimed.push(l);
    }
  }
  if (short.length) {
    await tx
      .update(settlementLines)
      .set({ status: "failed", failureCode: "insufficient_balance", failureMessage: "The organisation's balance is now below this amount (it was spent after the reference date). Lower the line or retry later.", updatedAt: new Date() })
      .where(inArray(settlementLines.id, short.map((l) => l.id)));
  }
  if (claimed.length === 0) return [];
  const postings: { lineId: string; posting: PostingInput }[] = [];
  for (const l of claimed) for (const p of linePostings(l, settlement.referenceDate, sys, l.claims + 1, actorUserId)) postings.push({ lineId: l.id, posting: p });
  const ids = await postBatched(tx, postings.map((p) => p.posting));
  const byLine: Record<string, number[]> = {};
  postings.forEach((p, i) => (byLine[p.lineId] ??= []).push(ids[i]));
  for (const l of claimed) byLine[l.id] ??= [];
  // The map is parsed once (a CTE), not once per updated row.
  await tx.execute(sql`
    with m as (select key as id, value as ids from jsonb_each(${JSON.stringify(byLine)}::jsonb))
    update settlement_lines l set
      status = (case when l.method = 'bank' then 'paid' else 'processing' end)::settlement_line_status,
      claims = l.claims + 1, claimed_at = now(), paid_at = case when l.method = 'bank' then now() else null end,
      failure_code = null, failure_message = null,
      ledger_transaction_ids = l.ledger_transaction_ids || m.ids, updated_at = now()
    from m
    where l.settlement_id = ${settlement.id} and l.id = m.id`);
  return claimed.filter((l) => l.method === "stripe_transfer").map((l) => ({ ...l, claims: l.claims + 1 }));
}

export interface ConfirmResult {
  settlement: SettlementView;
  /** Lines this call paid (0 for a repeated confirm). */
  paidNow: number;
  alreadyConfirmed: boolean;
}

/**
 * Confirms a proposal and pays it (see the module comment). Idempotent: a second confirm, or one that ran at
 * the same time and waited for the first, answers with the settlement as it stands and pays nothing more.
 */
export async function confirmSettlement(db: Database, id: string, input: SettlementConfirmRequest, actorUserId: string | null): Promise<ConfirmResult> {
  assertNoTransaction(db, "confirmSettlement");
  if (!z.uuid().safeParse(id).success) throw new AppError("not_found", "No such settlement.");
  const { lines: changes = [] } = settlementConfirmRequest.parse(input);
  const phase = await db.transaction(async (tx) => {
    const [s] = await tx.select().from(settlements).where(eq(settlements.id, id)).for("update");
    if (!s) throw new AppError("not_found", "No such settlement.");
    if (s.status === "confirmed") return { s, toTransfer: [] as SettlementLineRow[], already: true };
    if (s.status === "cancelled") throw new AppError("conflict", "This settlement was cancelled; propose a new one.");
    const rows = await tx
      .select({ line: settlementLines, slug: organisations.slug })
      .from(settlementLines)
      .innerJoin(organisations, eq(organisations.id, settlementLines.organisationId))
      .where(and(eq(settlementLines.settlementId, id), eq(settlementLines.status, "proposed")));
    const bySlug = new Map(rows.map((r) => [r.slug, r.line]));
    const lines = new Map(rows.map((r) => [r.line.id, r.line]));
    for (const [i, c] of changes.entries()) {
      const line = bySlug.get(c.orgSlug);
      if (!line) throw new AppError("validation_failed", `lines.${i}.orgSlug: ${c.orgSlug} is not a line of this settlement.`, { param: `lines.${i}.orgSlug` });
      if (c.amount > line.proposedAmount) {
        throw new AppError("validation_failed", `lines.${i}.amount: a line can be lowered, not raised (at most ${line.proposedAmount}).`, { param: `lines.${i}.amount` });
      }
      if (c.amount === line.amount) continue;
      if (c.amount === 0) {
        await tx.update(settlementLines).set({ status: "dropped", updatedAt: new Date() }).where(eq(settlementLines.id, line.id));
        lines.delete(line.id);
        continue;
      }
      const split = loweredSplit(c.amount, line.balance - line.minimumFloat, line.feeBps);
      await tx.update(settlementLines).set({ ...split, updatedAt: new Date() }).where(eq(settlementLines.id, line.id));
      lines.set(line.id, { ...line, ...split });
    }
    const toTransfer = await claimLines(tx, s, [...lines.values()], actorUserId);
    await tx.update(settlements).set({ status: "confirmed", confirmedBy: actorUserId, confirmedAt: new Date() }).where(eq(settlements.id, id));
    return { s, toTransfer, already: false };
  });
  const bankPaid = phase.already ? 0 : await countPaidBank(db, id);
  const transferred = await transferAll(db, phase.s, phase.toTransfer, actorUserId);
  return { settlement: await requireSettlement(db, id), paidNow: phase.already ? 0 : bankPaid + transferred, alreadyConfirmed: phase.already };
}

async function countPaidBank(db: Database, id: string): Promise<number> {
  const [r] = await db.select({ n: sql<string>`count(*)` }).from(settlementLines).where(and(eq(settlementLines.settlementId, id), eq(settlementLines.status, "paid"), eq(settlementLines.method, "bank")));
  return int(r?.n ?? 0);
}

const TRANSFER_CONCURRENCY = 8;

async function transferAll(db: Database, s: SettlementRow, lines: SettlementLineRow[], actorUserId: string | null): Promise<number> {
  let next = 0;
  let paid = 0;
  const worker = async () => {
    while (next < lines.length) {
      const line = lines[next++];
      if (await transferLine(db, s, line, actorUserId)) paid++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(TRANSFER_CONCURRENCY, lines.length) }, worker));
  return paid;
}

/** Stripe's answer was a refusal for certain (the transfer does not exist), not a lost or failed connection. */
function definitive(e: unknown): boolean {
  return e instanceof Stripe.errors.StripeError && (e.type === "StripeInvalidRequestError" || e.type === "StripePermissionError" || e.type === "StripeCardError");
}

/** One transfer, outside any transaction; then its outcome. True when the line is paid. */
async function transferLine(db: Database, s: SettlementRow, line: SettlementLineRow, actorUserId: string | null): Promise<boolean> {
  assertNoTransaction(db, "transferLine");
  try {
    if (!line.destinationAccountId) throw new AppError("conflict", "The line has no connected account to transfer to.");
    const transfer = await stripe().transfers.create(
      {
        amount: line.amount,
        currency: s.currency,
        destination: line.destinationAccountId,
        transfer_group: `settlement_${s.id}`,
        description: `Plaza settlement of the balance at ${s.referenceDate}`,
        metadata: { plaza_settlement_id: s.id, plaza_settlement_line_id: line.id, plaza_organisation_id: line.organisationId },
      },
      { idempotencyKey: idempotencyKey("settlement-line", line.id, line.transferAttempt) },
    );
    await db
      .update(settlementLines)
      .set({ status: "paid", stripeTransferId: transfer.id, paidAt: new Date(), failureCode: null, failureMessage: null, updatedAt: new Date() })
      .where(and(eq(settlementLines.id, line.id), eq(settlementLines.status, "processing")));
    return true;
  } catch (e) {
    const sure = definitive(e);
    const code = e instanceof Stripe.errors.StripeError ? (e.code ?? e.type) : e instanceof AppError ? e.code : "stripe_unavailable";
    const message =
      e instanceof Stripe.errors.StripeError || e instanceof AppError
        ? `Stripe did not make the transfer: ${e.message}`
        : "Stripe could not be reached to make the transfer.";
    await db.transaction(async (tx) => {
      const [current] = await tx.select().from(settlementLines).where(eq(settlementLines.id, line.id)).for("update");
      if (!current || current.status !== "processing") return;
      const sys = await systemAccounts(tx, s.currency);
      const ids = await postBatched(tx, linePostings(current, s.referenceDate, sys, current.claims, actorUserId, true));
      await tx
        .update(settlementLines)
        .set({
          status: "failed",
          failureCode: code,
          failureMessage: `${message}${sure ? "" : " It may still go through: a retry uses the same Stripe idempotency key, so it cannot pay twice."}`,
          transferAttempt: sure ? current.transferAttempt + 1 : current.transferAttempt,
          ledgerTransactionIds: [...current.ledgerTransactionIds, ...ids],
          updatedAt: new Date(),
        })
        .where(eq(settlementLines.id, line.id));
    });
    return false;
  }
}

/** Pays a failed line again (a new claim; the transfer reuses its key unless Stripe refused it for certain). */
export async function retrySettlementLine(db: Database, settlementId: string, lineId: string, actorUserId: string | null): Promise<SettlementView> {
  assertNoTransaction(db, "retrySettlementLine");
  if (!z.uuid().safeParse(settlementId).success || !z.uuid().safeParse(lineId).success) throw new AppError("not_found", "No such settlement line.");
  const phase = await db.transaction(async (tx) => {
    const [s] = await tx.select().from(settlements).where(eq(settlements.id, settlementId));
    const [line] = await tx.select().from(settlementLines).where(and(eq(settlementLines.id, lineId), eq(settlementLines.settlementId, settlementId))).for("update");
    if (!s || !line) throw new AppError("not_found", "No such settlement line.");
    if (s.status !== "confirmed") throw new AppError("conflict", "Confirm the settlement before retrying a line.");
    if (line.status !== "failed") throw new AppError("conflict", line.status === "paid" ? "This line is already paid." : "Only a failed line can be retried.");
    return { s, toTransfer: await claimLines(tx, s, [line], actorUserId) };
  });
  await transferAll(db, phase.s, phase.toTransfer, actorUserId);
  return requireSettlement(db, settlementId);
}

export const BANK_CSV_HEADER = ["Line id", "Organisation", "Slug", "Reference date", "Currency", "Amount", "Fee", "Gross", "Status", "Recorded at", "Payment reference"] as const;

/** The bank payments of a settlement, for the accountant to pay (or match): every line paid by bank. */
export async function bankCsv(db: Database, id: string): Promise<{ filename: string; csv: string }> {
  const s = await requireSettlement(db, id);
  const rows = s.lines
    .filter((l) => l.method === "bank" && l.status !== "dropped")
    .map((l) => [l.id, l.orgName, l.orgSlug, s.referenceDate, s.currency.toUpperCase(), csvAmount(l.amount, s.currency), csvAmount(l.fee, s.currency), csvAmount(l.gross, s.currency), l.status, l.paidAt, `PLAZA-${s.referenceDate}-${l.id.slice(0, 8).toUpperCase()}`]);
  return { filename: `settlement-${s.referenceDate}-bank.csv`, csv: csvDocument(BANK_CSV_HEADER, rows) };
}

/** What an organisation's settlements paid it: for its own pages. */
export async function settlementLinesOf(db: Database, organisationId: string, limit = 12) {
  return db
    .select({ line: settlementLines, referenceDate: settlements.referenceDate })
    .from(settlementLines)
    .innerJoin(settlements, eq(settlements.id, settlementLines.settlementId))
    .where(eq(settlementLines.organisationId, organisationId))
    .orderBy(desc(settlements.referenceDate))
    .limit(limit);
}
