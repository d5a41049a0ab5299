/**
 * Which SDK `*Params` type validates each API route, and which resource it returns (for `expand`). The types are
 * the installed stripe package's own, for its pinned API version, so a parameter Stripe does not take is refused.
 * `list: true` marks list endpoints (expand paths need `data.`; `limit` is 1..100).
 */
export interface RouteType { params: string; resource: string | null; list?: boolean }

const r = (params: string, resource: string | null, list = false): RouteType => ({ params, resource, list });

export const ROUTE_TYPES: Record<string, RouteType> = {
  'GET /v1/account': r('AccountRetrieveCurrentParams', 'Account'),
  'POST /v1/accounts': r('AccountCreateParams', 'Account'),
  'GET /v1/accounts': r('AccountListParams', 'Account', true),
  'GET /v1/accounts/:id': r('AccountRetrieveParams', 'Account'),
  'POST /v1/accounts/:id': r('AccountUpdateParams', 'Account'),
  'DELETE /v1/accounts/:id': r('AccountDeleteParams', null),
  'POST /v1/accounts/:id/reject': r('AccountRejectParams', 'Account'),
  'GET /v1/accounts/:id/capabilities': r('AccountListCapabilitiesParams', 'Capability', true),
  'GET /v1/accounts/:id/capabilities/:cap': r('AccountRetrieveCapabilityParams', 'Capability'),
  'POST /v1/accounts/:id/capabilities/:cap': r('AccountUpdateCapabilityParams', 'Capability'),
  'POST /v1/accounts/:id/external_accounts': r('AccountCreateExternalAccountParams', 'BankAccount'),
  'GET /v1/accounts/:id/external_accounts': r('AccountListExternalAccountsParams', 'BankAccount', true),
  'GET /v1/accounts/:id/external_accounts/:ba': r('AccountRetrieveExternalAccountParams', 'BankAccount'),
  'POST /v1/accounts/:id/login_links': r('AccountCreateLoginLinkParams', null),
  'POST /v1/account_links': r('AccountLinkCreateParams', null),
  'GET /v1/application_fees': r('ApplicationFeeListParams', 'ApplicationFee', true),
  'GET /v1/application_fees/:id': r('ApplicationFeeRetrieveParams', 'ApplicationFee'),
  'POST /v1/application_fees/:id/refund': r('ApplicationFeeCreateRefundParams', 'ApplicationFee'),
  'POST /v1/application_fees/:id/refunds': r('ApplicationFeeCreateRefundParams', 'FeeRefund'),
  'GET /v1/application_fees/:id/refunds': r('ApplicationFeeListRefundsParams', 'FeeRefund', true),
  'GET /v1/application_fees/:id/refunds/:rid': r('ApplicationFeeRetrieveRefundParams', 'FeeRefund'),
  'GET /v1/balance': r('BalanceRetrieveParams', null),
  'GET /v1/balance_transactions': r('BalanceTransactionListParams', 'BalanceTransaction', true),
  'GET /v1/balance_transactions/:id': r('BalanceTransactionRetrieveParams', 'BalanceTransaction'),
  'GET /v1/charges': r('ChargeListParams', 'Charge', true),
  'GET /v1/charges/:id': r('ChargeRetrieveParams', 'Charge'),
  'POST /v1/charges/:id': r('ChargeUpdateParams', 'Charge'),
  'GET /v1/charges/:id/refunds': r('RefundListParams', 'Refund', true),
  'POST /v1/checkout/sessions': r('CheckoutSessionCreateParams', 'CheckoutSession'),
  'GET /v1/checkout/sessions': r('CheckoutSessionListParams', 'CheckoutSession', true),
  'GET /v1/checkout/sessions/:id': r('CheckoutSessionRetrieveParams', 'CheckoutSession'),
  'POST /v1/checkout/sessions/:id/expire': r('CheckoutSessionExpireParams', 'CheckoutSession'),
  'GET /v1/checkout/sessions/:id/line_items': r('CheckoutSessionListLineItemsParams', 'LineItem', true),
  'POST /v1/customers': r('CustomerCreateParams', 'Customer'),
  'GET /v1/customers': r('CustomerListParams', 'Customer', true),
  'GET /v1/customers/:id': r('CustomerRetrieveParams', 'Customer'),
  'POST /v1/customers/:id': r('CustomerUpdateParams', 'Customer'),
  'DELETE /v1/customers/:id': r('CustomerDeleteParams', null),
  'GET /v1/customers/:id/payment_methods': r('CustomerListPaymentMethodsParams', 'PaymentMethod', true),
  'GET /v1/disputes': r('DisputeListParams', 'Dispute', true),
  'GET /v1/disputes/:id': r('DisputeRetrieveParams', 'Dispute'),
  'POST /v1/disputes/:id': r('DisputeUpdateParams', 'Dispute'),
  'POST /v1/disputes/:id/close': r('DisputeCloseParams', 'Dispute'),
  'GET /v1/events': r('EventListParams', null, true),
  'GET /v1/events/:id': r('EventRetrieveParams', null),
  'POST /v1/files': r('FileCreateParams', 'File'),
  'GET /v1/files': r('FileListParams', 'File', true),
  'GET /v1/files/:id': r('FileRetrieveParams', 'File'),
  'POST /v1/payment_intents': r('PaymentIntentCreateParams', 'PaymentIntent'),
  'GET /v1/payment_intents': r('PaymentIntentListParams', 'PaymentIntent', true),
  'GET /v1/payment_intents/:id': r('PaymentIntentRetrieveParams', 'PaymentIntent'),
  'POST /v1/payment_intents/:id': r('PaymentIntentUpdateParams', 'PaymentIntent'),
  'POST /v1/payment_intents/:id/cancel': r('PaymentIntentCancelParams', 'PaymentIntent'),
  'POST /v1/payment_intents/:id/capture': r('PaymentIntentCaptureParams', 'PaymentIntent'),
  'POST /v1/payment_intents/:id/confirm': r('PaymentIntentConfirmParams', 'PaymentIntent'),
  'POST /v1/payment_methods': r('PaymentMethodCreateParams', 'PaymentMethod'),
  'GET /v1/payment_methods': r('PaymentMethodListParams', 'PaymentMethod', true),
  'GET /v1/payment_methods/:id': r('PaymentMethodRetrieveParams', 'PaymentMethod'),
  'POST /v1/payment_methods/:id': r('PaymentMethodUpdateParams', 'PaymentMethod'),
  'POST /v1/payment_methods/:id/attach': r('PaymentMethodAttachParams', 'PaymentMethod'),
  'POST /v1/payment_methods/:id/detach': r('PaymentMethodDetachParams', 'PaymentMethod'),
  'POST /v1/payouts': r('PayoutCreateParams', 'Payout'),
  'GET /v1/payouts': r('PayoutListParams', 'Payout', true),
  'GET /v1/payouts/:id': r('PayoutRetrieveParams', 'Payout'),
  'POST /v1/payouts/:id/cancel': r('PayoutCancelParams', 'Payout'),
  'POST /v1/prices': r('PriceCreateParams', 'Price'),
  'GET /v1/prices': r('PriceListParams', 'Price', true),
  'GET /v1/prices/:id': r('PriceRetrieveParams', 'Price'),
  'POST /v1/products': r('ProductCreateParams', 'Product'),
  'GET /v1/products': r('ProductListParams', 'Product', true),
  'GET /v1/products/:id': r('ProductRetrieveParams', 'Product'),
  'POST /v1/refunds': r('RefundCreateParams', 'Refund'),
  'GET /v1/refunds': r('RefundListParams', 'Refund', true),
  'GET /v1/refunds/:id': r('RefundRetrieveParams', 'Refund'),
  'POST /v1/refunds/:id': r('RefundUpdateParams', 'Refund'),
  'POST /v1/setup_intents': r('SetupIntentCreateParams', 'SetupIntent'),
  'GET /v1/setup_intents': r('SetupIntentListParams', 'SetupIntent', true),
  'GET /v1/setup_intents/:id': r('SetupIntentRetrieveParams', 'SetupIntent'),
  'POST /v1/setup_intents/:id': r('SetupIntentUpdateParams', 'SetupIntent'),
  'POST /v1/setup_intents/:id/cancel': r('SetupIntentCancelParams', 'SetupIntent'),
  'POST /v1/setup_intents/:id/confirm': r('SetupIntentConfirmParams', 'SetupIntent'),
  'POST /v1/transfers': r('TransferCreateParams', 'Transfer'),
  'GET /v1/transfers': r('TransferListParams', 'Transfer', true),
  'GET /v1/transfers/:id': r('TransferRetrieveParams', 'Transfer'),
  'POST /v1/transfers/:id': r('TransferUpdateParams', 'Transfer'),
  'POST /v1/transfers/:id/reversals': r('TransferCreateReversalParams', 'TransferReversal'),
  'GET /v1/transfers/:id/reversals': r('TransferListReversalsParams', 'TransferReversal', true),
  'GET /v1/transfers/:id/reversals/:rid': r('TransferRetrieveReversalParams', 'TransferReversal'),
  'POST /v1/webhook_endpoints': r('WebhookEndpointCreateParams', 'WebhookEndpoint'),
  'GET /v1/webhook_endpoints': r('WebhookEndpointListParams', 'WebhookEndpoint', true),
  'GET /v1/webhook_endpoints/:id': r('WebhookEndpointRetrieveParams', 'WebhookEndpoint'),
  'POST /v1/webhook_endpoints/:id': r('WebhookEndpointUpdateParams', 'WebhookEndpoint'),
  'DELETE /v1/webhook_endpoints/:id': r('WebhookEndpointDeleteParams', null),
};

export const ROUTE_PARAM_TYPES: string[] = [...new Set(Object.values(ROUTE_TYPES).map((t) => t.params))];

const COMPILED = Object.keys(ROUTE_TYPES).map((key) => {
  const [method, pattern] = key.split(' ');
  return { key, method, re: new RegExp(`^${pattern.replace(/:[a-z_]+/g, '[^/]+')}/?$`) };
});

/** `METHOD /pattern` of the route serving a concrete request path (for checking logged requests). */
export function routeKeyFor(method: string, path: string): string | null {
  const m = method.toUpperCase();
  return COMPILED.find((c) => c.method === m && c.re.test(path))?.key ?? null;
}
