/**
 * The one list of error codes Plaza answers with. Every JSON error body is
 * `{"error": {"code", "message", "param?"}}` (DESIGN.md section 6).
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
  conflict: 409,
  email_taken: 409,
  sold_out: 409,
  order_not_chargeable: 409,
  order_already_paid: 409,
  order_free: 409,
  idempotency_conflict: 409,
  validation_failed: 422,
  mixed_sellers: 422,
  cancel_url_not_allowed: 422,
  invalid_redirect_url: 422,
  amount_out_of_range: 422,
  self_transfer: 422,
  unknown_member: 422,
  stripe_token_missing: 422,
  payment_mode_unsupported: 422,
  payload_too_large: 413,
  rate_limited: 429,
  stripe_unavailable: 502,
  internal_error: 500,
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
