import "server-only";
import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { listings, orderItems, orderRefunds, orders, users } from "@/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { calendarDate } from "@/lib/validation/dates";
import { csvAmount, csvDate, csvTextCell } from "@/lib/statements/csv";

/**
 * The seller's sales dashboard (read only): totals for a date range, sales over time, top listings, and the
 * orders list with filters, keyset pages and CSV. A sale counts on the day it was paid (`orders.paid_at`,
 * UTC); refunds count on the day they were made, only once Stripe reports them succeeded.
 * - gross: what buyers paid (orders paid, partially refunded or refunded);
 * - fees: the platform fee those orders were charged (as stored on each order);
 * - refunds: money returned to buyers (order_refunds, succeeded);
 * - net: gross - fees - refunds (a fee refunded in proportion with a refund is not added back here).
 */

const DAY = 86_400_000;
export const SOLD_STATUSES = ["paid", "partially_refunded", "refunded"] as const;
const SOLD = SOLD_STATUSES as unknown as (typeof orders.status.enumValues)[number][];

export const salesInterval = z.enum(["day", "week", "month"]);
export type SalesInterval = z.infer<typeof salesInterval>;

/** The input of the sales summary (`GET /api/orgs/{slug}/sales` and the page's form): from/to inclusive, UTC days. */
export const salesQuery = z.object({
  from: calendarDate().optional(),
  to: calendarDate().optional(),
  interval: salesInterval.default("day"),
});

export const orderStatusFilter = z.enum(["awaiting_payment", "authorised", "paid", "partially_refunded", "refunded", "released", "cancelled", "expired"]);
export const orderKindFilter = z.enum(["course", "event_ticket", "service"]);

/** The input of the seller's orders list and its CSV: filters, date range (created, UTC days) and a keyset cursor. */
export const sellerOrdersQuery = z.object({
  status: orderStatusFilter.optional(),
  kind: orderKindFilter.optional(),
  from: calendarDate().optional(),
  to: calendarDate().optional(),
  cursor: z.string().max(200).optional(),
});

export interface SalesRange {
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
}

function startOfUtcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/** from/to as the dashboard reads them: default the last 60 days up to today; `to` is made exclusive. */
export function salesRange(q: { from?: Date; to?: Date }, now = new Date()): SalesRange {
  const to = q.to ? new Date(q.to.getTime() + DAY) : new Date(startOfUtcDay(now).getTime() + DAY);
  const from = q.from ?? new Date(to.getTime() - 60 * DAY);
  if (from >= to) throw new AppError("validation_failed", "to: the end date must not be before the start date.", { param: "to" });
  if (to.getTime() - from.getTime() > 3700 * DAY) throw new AppError("validation_failed", "from: choose a range of at most ten years.", { param: "from" });
  return { from, to };
}

/** Parses a query string with one of the schemas above; the contract's 422 on bad input. */
export function parseQuery<S extends z.ZodType>(schema: S, params: URLSearchParams): z.infer<S> {
  const raw: Record<string, string> = {};
  for (const [k, v] of params) if (v !== "") raw[k] = v;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const param = issue.path.map(String).join(".");
    throw new AppError("validation_failed", param ? `${param}: ${issue.message}` : issue.message, { param: param || undefined });
  }
  return parsed.data;
}

/** The organisation's selling currency: that of its listings (one per seller), else the platform's. */
export async function sellerCurrency(db: Database, organisationId: string): Promise<string> {
  const [row] = await db.select({ currency: listings.currency }).from(listings).where(eq(listings.organisationId, organisationId)).orderBy(desc(listings.createdAt)).limit(1);
  return row?.currency ?? env().PLAZA_CURRENCY;
}

export interface SalesTotals {
  gross: number;
  fees: number;
  refunds: number;
  net: number;
  orders: number;
}

export interface SalesPoint {
  /** The bucket's first day, ISO 8601 (UTC midnight). */
  start: string;
  gross: number;
  orders: number;
}

export interface SalesSummary {
  currency: string;
  from: string;
  to: string;
  interval: SalesInterval;
  totals: SalesTotals;
  series: SalesPoint[];
}

function bucketStart(d: Date, interval: SalesInterval): Date {
  const day = startOfUtcDay(d);
  if (interval === "day") return day;
  if (interval === "month") return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1));
  // ISO weeks start on Monday, as Postgres' date_trunc('week') does.
  const back = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - back * DAY);
}

function nextBucket(d: Date, interval: SalesInterval): Date {
  if (interval === "day") return new Date(d.getTime() + DAY);
  if (interval === "week") return new Date(d.getTime() + 7 * DAY);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
}

/** Every bucket of the range, empty ones included, so the chart's time axis has no gaps. */
export function bucketsOf(range: SalesRange, interval: SalesInterval): Date[] {
  const out: Date[] = [];
  for (let b = bucketStart(range.from, interval); b < range.to && out.length < 5000; b = nextBucket(b, interval)) out.push(b);
  return out;
}

const sold = (organisationId: string, currency: string, range: SalesRange) =>
  and(eq(orders.organisationId, organisationId), eq(orders.currency, currency), inArray(orders.status, SOLD), gte(orders.paidAt, range.from), lt(orders.paidAt, range.to));

export async function salesSummary(db: Database, organisationId: string, q: { range: SalesRange; interval: SalesInterval; currency?: string }): Promise<SalesSummary> {
  const currency = q.currency ?? (await sellerCurrency(db, organisationId));
  const { range, interval } = q;
  const bucket = sql<string>`to_char(date_trunc(${sql.raw(`'${interval}'`)}, ${orders.paidAt} at time zone 'UTC'), 'YYYY-MM-DD')`;
  const [perBucket, refundRows] = await Promise.all([
    db
      .select({ bucket, gross: sql<string>`sum(${orders.amount})`, fees: sql<string>`sum(${orders.platformFee})`, orders: sql<string>`count(*)` })
      .from(orders)
      .where(sold(organisationId, currency, range))
      .groupBy(bucket),
    db
      .select({ total: sql<string>`coalesce(sum(${orderRefunds.amount}), 0)` })
      .from(orderRefunds)
      .innerJoin(orders, eq(orders.id, orderRefunds.orderId))
      .where(and(eq(orders.organisationId, organisationId), eq(orderRefunds.currency, currency), eq(orderRefunds.status, "succeeded"), gte(orderRefunds.createdAt, range.from), lt(orderRefunds.createdAt, range.to))),
  ]);
  const byStart = new Map(perBucket.map((r) => [r.bucket, r]));
  const series = bucketsOf(range, interval).map((b) => {
    const key = b.toISOString().slice(0, 10);
    const r = byStart.get(key);
    return { start: b.toISOString(), gross: Number(r?.gross ?? 0), orders: Number(r?.orders ?? 0) };
  });
  const gross = perBucket.reduce((s, r) => s + Number(r.gross), 0);
  const fees = perBucket.reduce((s, r) => s + Number(r.fees), 0);
  const refunds = Number(refundRows[0]?.total ?? 0);
  const count = perBucket.reduce((s, r) => s + Number(r.orders), 0);
  return {
    currency,
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    interval,
    totals: { gross, fees, refunds, net: gross - fees - refunds, orders: count },
    series,
  };
}

export interface TopListing {
  listingId: string;
  title: string;
  kind: string;
  quantity: number;
  gross: number;
  orders: number;
}

/** The listings that sold most (by gross) in the range. */
export async function topListings(db: Database, organisationId: string, q: { range: SalesRange; currency: string; limit?: number }): Promise<TopListing[]> {
  const gross = sql<string>`sum(${orderItems.amount})`;
  const rows = await db
    .select({
      listingId: orderItems.listingId,
      title: sql<string>`max(${orderItems.title})`,
      kind: sql<string>`max(${orderItems.kind}::text)`,
      quantity: sql<string>`sum(${orderItems.quantity})`,
      gross,
      orders: sql<string>`count(distinct ${orders.id})`,
    })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(sold(organisationId, q.currency, q.range))
    .groupBy(orderItems.listingId)
    .orderBy(desc(gross), orderItems.listingId)
    .limit(q.limit ?? 5);
  return rows.map((r) => ({ listingId: r.listingId, title: r.title, kind: r.kind, quantity: Number(r.quantity), gross: Number(r.gross), orders: Number(r.orders) }));
}

export interface SellerOrderRow {
  id: string;
  createdAt: Date;
  paidAt: Date | null;
  status: (typeof orders.status.enumValues)[number];
  buyerEmail: string;
  items: string;
  kinds: string[];
  amount: number;
  platformFee: number;
  refunded: number;
  currency: string;
}

export interface SellerOrdersFilter {
  status?: z.infer<typeof orderStatusFilter>;
  kind?: z.infer<typeof orderKindFilter>;
  /** Created on or after (inclusive). */
  from?: Date;
  /** Created before (exclusive). */
  to?: Date;
}

/** Keyset position: created_at to the microsecond (as Postgres stores it; a JS Date keeps only ms) and the id. */
interface After {
  at: string;
  id: string;
}

const CURSOR_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/;

function encodeCursor(row: After): string {
  return Buffer.from(`${row.at}|${row.id}`).toString("base64url");
}

function decodeCursor(cursor: string): After {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  if (!at || !CURSOR_AT.test(at) || !id || !z.uuid().safeParse(id).success) throw new AppError("validation_failed", "cursor: this page link is not valid; start from the first page.", { param: "cursor" });
  return { at, id };
}

/** The filter of a query string: dates as UTC days, `to` inclusive (made exclusive here). */
export function ordersFilterOf(q: z.infer<typeof sellerOrdersQuery>): SellerOrdersFilter {
  const to = q.to ? new Date(q.to.getTime() + DAY) : undefined;
  if (q.from && to && q.from >= to) throw new AppError("validation_failed", "to: the end date must not be before the start date.", { param: "to" });
  return { status: q.status, kind: q.kind, from: q.from, to };
}

function filterWhere(organisationId: string, f: SellerOrdersFilter, after?: After): SQL | undefined {
  const parts: (SQL | undefined)[] = [eq(orders.organisationId, organisationId)];
  if (f.status) parts.push(eq(orders.status, f.status));
  if (f.kind) parts.push(sql`exists (select 1 from ${orderItems} where ${orderItems.orderId} = ${orders.id} and ${orderItems.kind} = ${f.kind})`);
  if (f.from) parts.push(gte(orders.createdAt, f.from));
  if (f.to) parts.push(lt(orders.createdAt, f.to));
  if (after) {
    const at = sql`(${after.at}::timestamp at time zone 'UTC')`;
    parts.push(or(sql`${orders.createdAt} < ${at}`, and(sql`${orders.createdAt} = ${at}`, lt(orders.id, after.id))));
  }
  return and(...parts);
}

async function orderRowsPage(db: Database, organisationId: string, f: SellerOrdersFilter, limit: number, after?: After): Promise<(SellerOrderRow & { at: string })[]> {
  const rows = await db
    .select({
      id: orders.id,
      createdAt: orders.createdAt,
      at: sql<string>`to_char(${orders.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`,
      paidAt: orders.paidAt,
      status: orders.status,
      buyerEmail: users.email,
      amount: orders.amount,
      platformFee: orders.platformFee,
      currency: orders.currency,
      items: sql<string>`(select string_agg(${orderItems.quantity} || ' × ' || ${orderItems.title}, '; ' order by ${orderItems.id}) from ${orderItems} where ${orderItems.orderId} = ${orders.id})`,
      kinds: sql<string>`(select string_agg(distinct ${orderItems.kind}::text, ',') from ${orderItems} where ${orderItems.orderId} = ${orders.id})`,
      refunded: sql<string>`(select coalesce(sum(${orderRefunds.amount}), 0) from ${orderRefunds} where ${orderRefunds.orderId} = ${orders.id} and ${orderRefunds.status} = 'succeeded')`,
    })
    .from(orders)
    .innerJoin(users, eq(users.id, orders.buyerUserId))
    .where(filterWhere(organisationId, f, after))
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, items: r.items ?? "", kinds: (r.kinds ?? "").split(",").filter(Boolean), refunded: Number(r.refunded) }));
}

/** One page of the seller's orders, newest first, keyset paged on (created_at, id): no OFFSET. */
export async function sellerOrdersPage(db: Database, organisationId: string, f: SellerOrdersFilter, opts: { cursor?: string | null; limit?: number } = {}): Promise<{ rows: SellerOrderRow[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(opts.limit ?? 25, 1), 100);
  const after = opts.cursor ? decodeCursor(opts.cursor) : undefined;
  const rows = await orderRowsPage(db, organisationId, f, limit + 1, after);
  const page: SellerOrderRow[] = rows.slice(0, limit).map((r) => {
    const { at, ...row } = r;
    void at;
    return row;
  });
  return { rows: page, nextCursor: rows.length > limit ? encodeCursor(rows[limit - 1]) : null };
}

export const SELLER_ORDERS_CSV_HEADER = "Created,Paid,Order,Status,Buyer,Items,Amount,Platform fee,Refunded,Net,Currency";

export function sellerOrderCsvLine(r: SellerOrderRow): string {
  return [
    csvDate(r.createdAt),
    r.paidAt ? csvDate(r.paidAt) : "",
    r.id,
    r.status,
    csvTextCell(r.buyerEmail),
    csvTextCell(r.items),
    csvAmount(r.amount, r.currency),
    csvAmount(r.platformFee, r.currency),
    csvAmount(r.refunded, r.currency),
    csvAmount(r.amount - r.platformFee - r.refunded, r.currency),
    r.currency.toUpperCase(),
  ].join(",");
}

/** The filtered orders as CSV (ISO 8601 dates in UTC, amounts in major units), streamed in keyset batches of 1000. */
export async function* sellerOrdersCsv(db: Database, organisationId: string, f: SellerOrdersFilter, batch = 1000): AsyncGenerator<string> {
  let chunk = `${SELLER_ORDERS_CSV_HEADER}\r\n`;
  let after: After | undefined;
  for (;;) {
    const rows = await orderRowsPage(db, organisationId, f, batch, after);
    for (const r of rows) chunk += `${sellerOrderCsvLine(r)}\r\n`;
    yield chunk;
    chunk = "";
    if (rows.length < batch) return;
    after = rows[rows.length - 1];
  }
}
