import "server-only";
import type { SQL } from "drizzle-orm";
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
