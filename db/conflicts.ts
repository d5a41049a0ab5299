/** SQLSTATEs after which a whole transaction may simply run again: deadlock victim, serialization failure. */
const RETRYABLE_SQLSTATES = new Set(["40P01", "40001"]);

/**
 * Whether an error, or one it wraps (Drizzle's query error, the ledger's concurrency_conflict), says the
 * transaction lost a race that running it again would win: Postgres undid it, so it changed nothing.
 */
export function isRetryableConflict(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && typeof cur === "object" && depth < 6; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && RETRYABLE_SQLSTATES.has(code)) return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}
