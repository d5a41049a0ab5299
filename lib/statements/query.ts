import { z } from "zod";
import { AppError, isAppError } from "@/lib/errors";
import { calendarDate } from "@/lib/validation/dates";

// The last instant Postgres can store: the exclusive end after 9999-12-31 is clamped to it.
const LAST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export const statementRangeQuery = z.object({ from: calendarDate().optional(), to: calendarDate().optional() });

export interface DateRange {
  /** Inclusive. */
  from?: Date;
  /** Exclusive: the day after the last day asked for. */
  to?: Date;
}

/** A date range from the query string: `from` inclusive, `to` inclusive (the whole day), UTC days. */
export function parseStatementRange(params: URLSearchParams): DateRange {
  const parsed = statementRangeQuery.safeParse({ from: params.get("from") || undefined, to: params.get("to") || undefined });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("validation_failed", `${String(issue.path[0])}: ${issue.message}`, { param: String(issue.path[0]) });
  }
  const from = parsed.data.from;
  const to = parsed.data.to ? new Date(Math.min(parsed.data.to.getTime() + 86_400_000, LAST_INSTANT)) : undefined;
  if (from && to && from >= to) throw new AppError("validation_failed", "to: the end date must not be before the start date.", { param: "to" });
  return { from, to };
}

export type RawSearchParams = Record<string, string | string[] | undefined>;

function one(v: string | string[] | undefined): string {
  return (Array.isArray(v) ? v[0] : v) ?? "";
}

export interface ParsedStatementQuery {
  fromText: string;
  toText: string;
  range: DateRange;
  cursor: string | null;
  error: string | null;
}

/** from/to (YYYY-MM-DD, both inclusive) and the keyset cursor from a page's query string; bad input is reported, not thrown. */
export function parseStatementQuery(sp: RawSearchParams): ParsedStatementQuery {
  const fromText = one(sp.from).trim();
  const toText = one(sp.to).trim();
  const cursor = one(sp.cursor) || null;
  try {
    const range = parseStatementRange(new URLSearchParams({ ...(fromText ? { from: fromText } : {}), ...(toText ? { to: toText } : {}) }));
    return { fromText, toText, range, cursor, error: null };
  } catch (e) {
    if (isAppError(e)) return { fromText, toText, range: {}, cursor: null, error: e.message.replace(/^from: /, "Start date: ").replace(/^to: /, "End date: ") };
    throw e;
  }
}
