/**
 * The one list of error codes Plaza answers with, each with its HTTP status. Every JSON error body is
 * `{"error": {"code", "message", "param?"}}`: `code` is stable for programs, `message` is for people, `param`
 * names the offending field. A code joins the list when something answers with it.
 */
export const ERROR_STATUS = {
  invalid_json: 400,
  invalid_request: 400,
  unauthenticated: 401,
  insufficient_funds: 402,
  card_declined: 402,
  forbidden: 403,
  cross_origin: 403,
  not_found: 404,
  order_not_found: 404,
  article_not_found: 404,
  listing_not_found: 404,
  conflict: 409,
  email_taken: 409,
  idempotency_conflict: 409,
  already_member: 409,
  last_owner: 409,
  last_admin: 409,
  cannot_change_self: 409,
  slug_taken: 409,
  already_connected: 409,
  cannot_disconnect: 409,
  seller_not_ready: 409,
  sold_out: 409,
  order_not_chargeable: 409,
  order_already_paid: 409,
  order_free: 409,
  validation_failed: 422,
  not_a_member: 422,
  amount_out_of_range: 422,
  self_transfer: 422,
  unknown_member: 422,
  payload_too_large: 413,
  mixed_sellers: 422,
  cancel_url_not_allowed: 422,
  invalid_redirect_url: 422,
  stripe_token_missing: 422,
  payment_mode_unsupported: 422,
  rate_limited: 429,
  stripe_unavailable: 502,
  internal_error: 500,
  refund_not_allowed: 409,
  amount_too_large: 422,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly param?: string;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, opts: { param?: string; details?: Record<string, unknown> } = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.param = opts.param;
    this.details = opts.details;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** The first problem zod found, as the contract's 422: `param` is the field's path ("lines.0.amount"). */
export function validationError(issues: readonly { path: readonly PropertyKey[]; message: string }[]): AppError {
  const issue = issues[0];
  const param = issue ? issue.path.map(String).join(".") : "";
  const message = issue?.message ?? "The request is not valid.";
  return new AppError("validation_failed", param ? `${param}: ${message}` : message, { param: param || undefined });
}
