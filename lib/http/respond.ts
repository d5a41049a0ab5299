import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { AppError, isAppError, validationError, type ErrorCode } from "@/lib/errors";
import { isRetryableConflict } from "@/db/conflicts";
import { LedgerError } from "@/lib/ledger/errors";

export function errorResponse(e: AppError, headers?: HeadersInit): NextResponse {
  const body = { error: { code: e.code, message: e.message, ...(e.param ? { param: e.param } : {}), ...(e.details ?? {}) } };
  return NextResponse.json(body, { status: e.status, headers });
}

/** Reads a JSON body: malformed JSON is 400 invalid_json; values that fail the schema are 422 with `param`. */
export async function parseJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  let raw: unknown;
  try {
    raw = await request.json();
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON.");
  }
  return parseWith(schema, raw);
}

export function parseWith<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const result = schema.safeParse(raw);
  if (!result.success) throw validationError(result.error.issues);
  return result.data;
}

type Handler<C> = (request: Request, context: C) => Promise<Response>;

/**
 * Wraps a route handler so that every failure answers with the JSON error body `{"error": {code, message,
 * param?}}` (lib/errors.ts) and nothing internal (stack, SQL, secrets) leaks.
 */
export function route<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (e) {
      if (isAppError(e)) return errorResponse(e);
      // Still losing a race after the transaction's retries (db/client.ts): nothing was changed, so say so.
      if (isRetryableConflict(e)) return errorResponse(new AppError("conflict", "Another change to the same order or balance was made at the same moment, so this one was undone. Nothing was changed; try again."));
      if (e instanceof LedgerError) return errorResponse(fromLedgerError(e));
      console.error("[plaza] unhandled error in", request.method, new URL(request.url).pathname, e);
      return errorResponse(new AppError("internal_error", "Something went wrong on our side. Try again; if it keeps happening, contact support."));
    }
  };
}

const LEDGER_TO_APP: Partial<Record<LedgerError["code"], ErrorCode>> = {
  insufficient_funds: "insufficient_funds",
  invalid_cursor: "validation_failed",
  invalid_amount: "validation_failed",
  amount_out_of_range: "validation_failed",
  idempotency_conflict: "idempotency_conflict",
};

function fromLedgerError(e: LedgerError): AppError {
  const code = LEDGER_TO_APP[e.code];
  if (!code) return new AppError("internal_error", "The ledger refused this operation. Nothing was changed.");
  return new AppError(code, e.message, code === "validation_failed" && e.code === "invalid_cursor" ? { param: "cursor" } : {});
}
