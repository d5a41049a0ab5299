/**
 * Every way a ledger call can fail, as one error class with a code from one list. Messages say what to do.
 * Database errors raised by the ledger's SQL (SQLSTATE class "LE", see db/migrations/0002_ledger_constraints.sql)
 * are translated here so callers never parse driver errors.
 */
export const LEDGER_ERROR_CODES = [
  "insufficient_funds",
  "idempotency_conflict",
  "unbalanced",
  "currency_mismatch",
  "invalid_amount",
  "invalid_posting",
  "account_not_found",
  "reference_conflict",
  "append_only",
  "amount_out_of_range",
  "concurrency_conflict",
  "invalid_cursor",
] as const;

export type LedgerErrorCode = (typeof LEDGER_ERROR_CODES)[number];

export class LedgerError extends Error {
  readonly code: LedgerErrorCode;
  /** Machine-readable facts (account id, shortfall, posting index, ...). */
  readonly details: Record<string, unknown>;

  constructor(code: LedgerErrorCode, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "LedgerError";
    this.code = code;
    this.details = details;
  }
}

const SQLSTATE_CODES: Record<string, LedgerErrorCode> = {
  LE001: "insufficient_funds",
  LE002: "idempotency_conflict",
  LE003: "unbalanced",
  LE004: "currency_mismatch",
  LE005: "account_not_found",
  LE006: "append_only",
  LE007: "invalid_posting",
  "22003": "amount_out_of_range", // bigint overflow
  "40P01": "concurrency_conflict", // deadlock: cannot happen with id-ordered locks, kept for the record
  "40001": "concurrency_conflict", // serialization failure when the caller runs at REPEATABLE READ or above
};

interface PgErrorLike {
  code: string;
  message: string;
  detail?: string;
  constraint?: string;
}

function isPgError(e: unknown): e is PgErrorLike {
  return typeof e === "object" && e !== null && typeof (e as { code?: unknown }).code === "string" && "message" in e;
}

/** The driver error behind Drizzle's wrapper (DrizzleQueryError keeps it as `cause`). */
export function pgErrorOf(e: unknown): PgErrorLike | undefined {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    if (isPgError(cur)) return cur;
    cur = typeof cur === "object" && cur !== null && "cause" in cur ? (cur as { cause?: unknown }).cause : undefined;
  }
  return undefined;
}

function parseDetail(detail: string | undefined): Record<string, unknown> {
  if (!detail) return {};
  try {
    const parsed: unknown = JSON.parse(detail);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return { detail };
  }
}

/** A LedgerError for a database error the ledger knows, else the original error unchanged. */
export function toLedgerError(e: unknown): unknown {
  if (e instanceof LedgerError) return e;
  const pgError = pgErrorOf(e);
  if (!pgError) return e;
  const details = parseDetail(pgError.detail);
  const code = SQLSTATE_CODES[pgError.code];
  if (code) return new LedgerError(code, pgError.message, details, { cause: e });
  if (pgError.code === "23505" && pgError.constraint === "ledger_transactions_reference_unique") {
    return new LedgerError("reference_conflict", "this transaction reference is already used; leave it empty to get a generated one", {}, { cause: e });
  }
  if (pgError.code === "23514" && /range_check|amount_check/.test(pgError.constraint ?? "")) {
    return new LedgerError("amount_out_of_range", `an amount or balance would leave the safe range (${pgError.constraint})`, {}, { cause: e });
  }
  return e;
}
