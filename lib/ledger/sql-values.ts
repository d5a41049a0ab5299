import "server-only";
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Database } from "@/db/client";

/**
 * Raw-SQL helpers for the ledger's hot paths. The two drivers return different JS types for the same SQL types
 * (node-postgres: int8 and numeric as strings; PGlite: int8 as number), so every value read goes through one
 * converter that checks it is an exact safe integer: a ledger amount is never silently rounded.
 */
export type Row = Record<string, unknown>;

export async function queryRows(db: Database, query: SQL): Promise<Row[]> {
  const result: unknown = await db.execute(query);
  if (typeof result === "object" && result !== null && "rows" in result && Array.isArray(result.rows)) {
    return result.rows;
  }
  throw new Error("the database driver returned a result without rows");
}

const dialect = new PgDialect();

/**
 * Rows as arrays of column values in select order, for streams of many rows: no object per row, and on both
 * drivers the timestamps come back as the database's text (the same as db.execute gives). Goes through Drizzle's
 * session, so it works on a transaction as on the pool.
 */
export async function queryArrays(db: Database, query: SQL): Promise<unknown[][]> {
  const prepared = db._.session.prepareQuery<{ execute: unknown[][]; all: unknown; values: unknown }>(dialect.sqlToQuery(query), undefined, undefined, true, (rows) => rows);
  const rows: unknown = await prepared.execute();
  if (Array.isArray(rows)) return rows;
  throw new Error("the database driver returned a result without rows");
}

export function int(value: unknown, what = "value"): number {
  const n = typeof value === "number" ? value : typeof value === "string" || typeof value === "bigint" ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw new Error(`${what} is not a safe integer: ${String(value)}`);
  return n;
}

export function str(value: unknown, what = "value"): string {
  if (typeof value !== "string") throw new Error(`${what} is not a string: ${String(value)}`);
  return value;
}

export function optStr(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

const digit = (s: string, i: number): number => s.charCodeAt(i) - 48;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const two = (s: string, i: number): number => digit(s, i) * 10 + digit(s, i + 1);

/**
 * A timestamptz as Postgres writes it in ISO DateStyle ("2026-11-22 03:35:00.123456+05:30"), read without the
 * general date parser (a fifth of the CSV export's time at 1M rows); anything else (years before 1000, BC, other
 * DateStyles) goes through date(), so the result is always the same Date as date(value).
 */
const DIGITS_AT = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];

export function timestamp(value: unknown, what = "value"): Date {
  if (
    typeof value !== "string" ||
    value.length < 22 ||
    value.charCodeAt(4) !== 45 ||
    value.charCodeAt(7) !== 45 ||
    value.charCodeAt(10) !== 32 ||
    value.charCodeAt(13) !== 58 ||
    value.charCodeAt(16) !== 58 ||
    !DIGITS_AT.every((i) => isDigit(value.charCodeAt(i)))
  ) {
    return date(value, what);
  }
  let i = 19;
  let ms = 0;
  if (value.charCodeAt(i) === 46) {
    // Milliseconds: the first three digits, the rest dropped (as the Date parser does).
    for (let scale = 100, j = 20; j < value.length && isDigit(value.charCodeAt(j)); j += 1, scale /= 10) {
      if (scale >= 1) ms += digit(value, j) * scale;
      i = j + 1;
    }
  }
  const sign = value.charCodeAt(i) === 43 ? 1 : value.charCodeAt(i) === 45 ? -1 : 0;
  const rest = value.length - i;
  const year = digit(value, 0) * 1000 + digit(value, 1) * 100 + two(value, 2);
  const offsetOk = isDigit(value.charCodeAt(i + 1)) && isDigit(value.charCodeAt(i + 2)) && (rest === 3 || (rest === 6 && value.charCodeAt(i + 3) === 58 && isDigit(value.charCodeAt(i + 4)) && isDigit(value.charCodeAt(i + 5))));
  if (sign === 0 || !offsetOk || year < 1000) return date(value, what);
  const offsetMinutes = two(value, i + 1) * 60 + (rest === 6 ? two(value, i + 4) : 0);
  const t = Date.UTC(year, two(value, 5) - 1, two(value, 8), two(value, 11), two(value, 14), two(value, 17), ms) - sign * offsetMinutes * 60_000;
  return Number.isFinite(t) ? new Date(t) : date(value, what);
}

export function date(value: unknown, what = "value"): Date {
  const d = value instanceof Date ? value : typeof value === "string" ? new Date(value) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw new Error(`${what} is not a timestamp: ${String(value)}`);
  return d;
}

export function record(value: unknown, what = "value"): Row {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error(`${what} is not an object`);
  // A non-array object from the driver's JSON parser: its keys are strings.
  return Object.fromEntries(Object.entries(value));
}

export function list(value: unknown, what = "value"): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${what} is not an array`);
  return value;
}
