/** Stripe-shaped API errors (§9). */
export interface StripeErrorBody {
  type: 'invalid_request_error' | 'card_error' | 'idempotency_error' | 'api_error' | 'authentication_error' | 'rate_limit_error';
  code?: string;
  decline_code?: string;
  message: string;
  param?: string;
  doc_url?: string;
  charge?: string;
  payment_intent?: object;
  setup_intent?: object;
  payment_method?: object;
  advice_code?: string;
  request_log_url?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
  }
}

function withDoc(body: StripeErrorBody): StripeErrorBody {
  return body.code ? { ...body, doc_url: `https://stripe.com/docs/error-codes/${body.code.replace(/_/g, '-')}` } : body;
}

export function invalid(message: string, code?: string, param?: string, status = 400): ApiError {
  return new ApiError(status, withDoc({ type: 'invalid_request_error', message, ...(code ? { code } : {}), ...(param ? { param } : {}) }));
}

export function missingParam(param: string): ApiError {
  return invalid(`Missing required param: ${param}.`, 'parameter_missing', param);
}

export function unknownParam(param: string): ApiError {
  return invalid(`Received unknown parameter: ${param}`, 'parameter_unknown', param);
}

export function notFound(kind: string, id: string, param = 'id'): ApiError {
  return invalid(`No such ${kind}: '${id}'`, 'resource_missing', param, 404);
}

export function unexpectedState(kind: 'payment_intent' | 'setup_intent', id: string, status: string, action: string): ApiError {
  return invalid(
    `This ${kind === 'payment_intent' ? 'PaymentIntent' : 'SetupIntent'}'s status is ${status}, but ${action} is not allowed in this state.`,
    `${kind}_unexpected_state`,
  );
}

export interface CardErrorExtra { charge?: string; payment_intent?: object; setup_intent?: object; payment_method?: object }

export function cardError(code: string, message: string, declineCode: string | undefined, extra: CardErrorExtra): ApiError {
  return new ApiError(402, withDoc({ type: 'card_error', code, message, ...(declineCode ? { decline_code: declineCode } : {}), ...extra }));
}

export function idempotencyMismatch(key: string): ApiError {
  return new ApiError(400, {
    type: 'idempotency_error',
    message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
  });
}

export function idempotencyConflict(): ApiError {
  return new ApiError(409, {
    type: 'idempotency_error',
    code: 'idempotency_key_in_use',
    message: 'There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): please retry this request later.',
  }, { 'Stripe-Should-Retry': 'true' });
}

export function authError(key: string | undefined): ApiError {
  const message = key
    ? `Invalid API Key provided: ${key.slice(0, 8)}****${key.slice(-4)}`
    : "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').";
  return new ApiError(401, { type: 'invalid_request_error', message });
}

/** A revoked OAuth access token (Stripe: "Platform access may have been revoked"). */
export function expiredKey(key: string): ApiError {
  return new ApiError(401, withDoc({ type: 'invalid_request_error', code: 'api_key_expired', message: `Expired API Key provided: ${key.slice(0, 8)}****${key.slice(-4)}. Platform access may have been revoked.` }));
}
