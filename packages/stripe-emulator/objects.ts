import type Stripe from 'stripe';
import type { CardBehaviour } from './cards.js';
import { controllerForType } from './resources/controller.js';

/** Full-shape builders: every key the SDK type declares, nulls where Stripe sends null (§11.4). */

export function emptyList<T>(url: string): Stripe.ApiList<T> {
  return { object: 'list', data: [], has_more: false, url };
}

export function customer(id: string, created: number, over: Partial<Stripe.Customer> = {}): Stripe.Customer {
  return {
    id, object: 'customer', address: null, balance: 0, created, currency: null, default_source: null, delinquent: false,
    description: null, email: null, invoice_prefix: id.slice(4, 12).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false, metadata: {}, name: null, next_invoice_sequence: 1, phone: null, preferred_locales: [], shipping: null,
    tax_exempt: 'none', test_clock: null, ...over,
  };
}

export function cardDetails(b: CardBehaviour, expMonth: number, expYear: number): Stripe.PaymentMethod.Card {
  return {
    brand: b.brand, checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' }, country: b.country,
    display_brand: b.brand, exp_month: expMonth, exp_year: expYear, fingerprint: `fp${b.number.slice(-8)}${b.number.slice(0, 4)}`,
    funding: b.funding, generated_from: null, last4: b.number.slice(-4), networks: { available: [b.brand], preferred: null },
    regulated_status: 'unregulated', three_d_secure_usage: { supported: true }, wallet: null,
  };
}

export function paymentMethod(id: string, created: number, card: Stripe.PaymentMethod.Card, over: Partial<Stripe.PaymentMethod> = {}): Stripe.PaymentMethod {
  return {
    id, object: 'payment_method', allow_redisplay: 'unspecified',
    billing_details: { address: null, email: null, name: null, phone: null, tax_id: null },
    card, created, customer: null, customer_account: null, livemode: false, metadata: {}, type: 'card', ...over,
  };
}

export function paymentIntent(id: string, created: number, over: Partial<Stripe.PaymentIntent> & { amount: number; currency: string }): Stripe.PaymentIntent {
  return {
    id, object: 'payment_intent', allowed_payment_method_types: null, amount_capturable: 0,
    amount_details: { tip: {} }, amount_received: 0, application: null, application_fee_amount: null,
    automatic_payment_methods: null, canceled_at: null, cancellation_reason: null, capture_method: 'automatic_async',
    client_secret: null, confirmation_method: 'automatic', created, customer: null, customer_account: null, description: null,
    excluded_payment_method_types: null, last_payment_error: null, latest_charge: null, livemode: false, managed_payments: null, metadata: {},
    next_action: null, on_behalf_of: null, payment_method: null, payment_method_configuration_details: null,
    payment_method_options: { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
    payment_method_types: ['card'], payment_record: null, processing: null, receipt_email: null, review: null, setup_future_usage: null,
    shipping: null, source: null, statement_descriptor: null, statement_descriptor_suffix: null, status: 'requires_payment_method',
    transfer_data: null, transfer_group: null, ...over,
  };
}

export function setupIntent(id: string, created: number, over: Partial<Stripe.SetupIntent> = {}): Stripe.SetupIntent {
  return {
    id, object: 'setup_intent', allowed_payment_method_types: null, application: null, automatic_payment_methods: null,
    cancellation_reason: null, client_secret: null, created, customer: null, customer_account: null, description: null,
    excluded_payment_method_types: null, flow_directions: null, last_setup_error: null, latest_attempt: null, livemode: false,
    mandate: null, metadata: {}, next_action: null, on_behalf_of: null, payment_method: null, payment_method_configuration_details: null,
    payment_method_options: { card: { mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
    payment_method_types: ['card'], single_use_mandate: null, status: 'requires_payment_method', usage: 'off_session', ...over,
  };
}

export function charge(id: string, created: number, over: Partial<Stripe.Charge> & { amount: number; currency: string }): Stripe.Charge {
  return {
    id, object: 'charge', amount_captured: 0, amount_refunded: 0, application: null, application_fee: null, application_fee_amount: null,
    balance_transaction: null, billing_details: { address: null, email: null, name: null, phone: null, tax_id: null },
    calculated_statement_descriptor: 'PLAZA', captured: false, created, customer: null, description: null, disputed: false,
    failure_balance_transaction: null, failure_code: null, failure_message: null, fraud_details: {}, livemode: false, metadata: {},
    on_behalf_of: null, outcome: null, paid: false, payment_intent: null, payment_method: null, payment_method_details: null,
    receipt_email: null, receipt_number: null, receipt_url: null, refunded: false, refunds: emptyList(`/v1/charges/${id}/refunds`),
    review: null, shipping: null, source: null, source_transfer: null, statement_descriptor: null, statement_descriptor_suffix: null,
    status: 'pending', transfer_data: null, transfer_group: null, ...over,
  };
}

export function chargeCardDetails(pm: Stripe.PaymentMethod.Card, amount: number, threeDS: boolean): Stripe.Charge.PaymentMethodDetails {
  return {
    type: 'card',
    card: {
      amount_authorized: amount, authorization_code: '123456', brand: pm.brand, checks: pm.checks, country: pm.country,
      electronic_commerce_indicator: null, exp_month: pm.exp_month, exp_year: pm.exp_year, fingerprint: pm.fingerprint ?? null,
      funding: pm.funding, installments: null, last4: pm.last4, mandate: null, network: pm.brand, network_transaction_id: '000000000000000',
      regulated_status: 'unregulated', three_d_secure: threeDS ? { authentication_flow: 'challenge', electronic_commerce_indicator: '05', exemption_indicator: null, result: 'authenticated', result_reason: null, transaction_id: null, version: '2.2.0' } : null,
      transaction_link_id: null, wallet: null,
    },
  };
}

export function refund(id: string, created: number, over: Partial<Stripe.Refund> & { amount: number; currency: string }): Stripe.Refund {
  return {
    id, object: 'refund', balance_transaction: null, charge: null, created, customer: null, customer_account: null,
    destination_details: { type: 'card', card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' } },
    metadata: {}, payment_intent: null, payment_method: null, reason: null, receipt_number: null, source_transfer_reversal: null,
    status: 'succeeded', transfer_reversal: null, ...over,
  };
}

export function transfer(id: string, created: number, over: Partial<Stripe.Transfer> & { amount: number; currency: string }): Stripe.Transfer {
  return {
    id, object: 'transfer', amount_reversed: 0, balance_transaction: null, created, description: null, destination: null, livemode: false,
    metadata: {}, reversals: emptyList(`/v1/transfers/${id}/reversals`), reversed: false, source_transaction: null, source_type: 'card',
    transfer_group: null, ...over,
  };
}

export function transferReversal(id: string, created: number, over: Partial<Stripe.TransferReversal> & { amount: number; currency: string; transfer: string }): Stripe.TransferReversal {
  return { id, object: 'transfer_reversal', balance_transaction: null, created, destination_payment_refund: null, metadata: {}, source_refund: null, ...over };
}

export function applicationFee(id: string, created: number, over: Partial<Stripe.ApplicationFee> & { amount: number; currency: string; account: string; application: string; charge: string }): Stripe.ApplicationFee {
  return {
    id, object: 'application_fee', amount_refunded: 0, balance_transaction: null, created, fee_source: null, livemode: false,
    originating_transaction: null, refunded: false, refunds: emptyList(`/v1/application_fees/${id}/refunds`), ...over,
  };
}

export function feeRefund(id: string, created: number, over: Partial<Stripe.FeeRefund> & { amount: number; currency: string; fee: string }): Stripe.FeeRefund {
  return { id, object: 'fee_refund', balance_transaction: null, created, metadata: {}, ...over };
}

export function balanceTransaction(id: string, created: number, over: Partial<Stripe.BalanceTransaction> & { amount: number; currency: string; type: Stripe.BalanceTransaction.Type }): Stripe.BalanceTransaction {
  const fee = over.fee ?? 0;
  return {
    id, object: 'balance_transaction', available_on: created, balance_type: 'payments', created, description: null, exchange_rate: null,
    fee, fee_details: [], net: over.amount - fee, reporting_category: over.type, source: null, status: 'available', ...over,
  };
}

export function payout(id: string, created: number, over: Partial<Stripe.Payout> & { amount: number; currency: string }): Stripe.Payout {
  return {
    id, object: 'payout', application_fee: null, application_fee_amount: null, arrival_date: created + 2 * 86400, automatic: false,
    balance_transaction: null, created, description: null, destination: null, failure_balance_transaction: null, failure_code: null,
    failure_message: null, livemode: false, metadata: {}, method: 'standard', original_payout: null, payout_method: null,
    reconciliation_status: 'not_applicable', reversed_by: null, source_type: 'card', statement_descriptor: null, status: 'pending',
    trace_id: null, type: 'bank_account', ...over,
  };
}

export function product(id: string, created: number, name: string, over: Partial<Stripe.Product> = {}): Stripe.Product {
  return {
    id, object: 'product', active: true, created, default_price: null, description: null, images: [], livemode: false, marketing_features: [],
    metadata: {}, name, package_dimensions: null, shippable: null, statement_descriptor: null, tax_code: null, tax_details: null, type: 'service',
    unit_label: null, updated: created, url: null, ...over,
  };
}

export function price(id: string, created: number, over: Partial<Stripe.Price> & { currency: string; product: string; unit_amount: number }): Stripe.Price {
  return {
    id, object: 'price', active: true, billing_scheme: 'per_unit', created, custom_unit_amount: null, livemode: false, lookup_key: null,
    metadata: {}, nickname: null, recurring: null, tax_behavior: 'unspecified', tiers_mode: null, transform_quantity: null, type: 'one_time',
    unit_amount_decimal: null, ...over,
  };
}

export function lineItem(id: string, p: Stripe.Price, quantity: number, description: string): Stripe.LineItem {
  const amount = (p.unit_amount ?? 0) * quantity;
  return {
    id, object: 'item', adjustable_quantity: null, amount_discount: 0, amount_subtotal: amount, amount_tax: 0, amount_total: amount,
    currency: p.currency, description, metadata: {}, price: p, quantity,
  };
}

export function checkoutSession(id: string, created: number, over: Partial<Stripe.Checkout.Session> & { mode: Stripe.Checkout.Session.Mode; expires_at: number }): Stripe.Checkout.Session {
  return {
    id, object: 'checkout.session', adaptive_pricing: null, after_expiration: null, allow_promotion_codes: null, allowed_payment_method_types: null,
    amount_subtotal: null, amount_total: null, automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null, cancel_url: null, client_reference_id: null, client_secret: null, collected_information: null,
    consent: null, consent_collection: null, created, currency: null, currency_conversion: null, custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null }, customer: null,
    customer_account: null, customer_creation: null, customer_details: null, customer_email: null, discounts: [], integration_identifier: null,
    invoice: null, invoice_creation: null, livemode: false, locale: null, managed_payments: null, metadata: {},
    origin_context: null, payment_intent: null, payment_link: null, payment_method_collection: 'if_required',
    payment_method_configuration_details: null, payment_method_options: { card: { request_three_d_secure: 'automatic' } },
    payment_method_types: ['card'], payment_status: 'unpaid', permissions: null, phone_number_collection: { enabled: false }, recovered_from: null,
    saved_payment_method_options: null, setup_intent: null, shipping_address_collection: null, shipping_cost: null, shipping_options: [],
    status: 'open', submit_type: null, subscription: null, success_url: null, total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted_page', url: null, wallet_options: null, ...over,
  };
}

export function requirements(currentlyDue: string[], disabledReason: Stripe.Account.Requirements.DisabledReason | null): Stripe.Account.Requirements {
  return {
    alternatives: [], current_deadline: null, currently_due: currentlyDue, disabled_reason: disabledReason, errors: [],
    eventually_due: currentlyDue, past_due: disabledReason ? currentlyDue : [], pending_verification: [],
  };
}

export function account(id: string, created: number, over: Partial<Stripe.Account> & { type: Stripe.Account.Type }): Stripe.Account {
  return {
    id, object: 'account', business_profile: { annual_revenue: null, estimated_worker_count: null, mcc: null, minority_owned_business_designation: null, name: null, specified_commercial_transactions_act_url: null, product_description: null, support_address: null, support_email: null, support_phone: null, support_url: null, url: null },
    business_type: null, capabilities: {}, charges_enabled: false, controller: controllerForType(over.type), country: 'US', created, default_currency: 'usd', details_submitted: false,
    email: null, external_accounts: emptyList(`/v1/accounts/${id}/external_accounts`),
    future_requirements: { alternatives: [], current_deadline: null, currently_due: [], disabled_reason: null, errors: [], eventually_due: [], past_due: [], pending_verification: [] },
    metadata: {}, payouts_enabled: false, requirements: requirements([], null),
    settings: {
      branding: { icon: null, logo: null, primary_color: null, secondary_color: null },
      card_payments: { decline_on: { avs_failure: false, cvc_failure: false }, statement_descriptor_prefix: null, statement_descriptor_prefix_kana: null, statement_descriptor_prefix_kanji: null },
      dashboard: { display_name: null, timezone: 'Etc/UTC' },
      payments: { statement_descriptor: null, statement_descriptor_kana: null, statement_descriptor_kanji: null, statement_descriptor_prefix_kana: null, statement_descriptor_prefix_kanji: null },
      payouts: { debit_negative_balances: true, schedule: { delay_days: 2, interval: 'daily' }, statement_descriptor: null },
    },
    tos_acceptance: { date: null, ip: null, user_agent: null }, ...over,
  };
}

export function capability(name: string, accountId: string, requested: boolean, requestedAt: number | null, status: Stripe.Capability.Status, due: string[]): Stripe.Capability {
  return {
    id: name, object: 'capability', account: accountId, requested, requested_at: requestedAt, status,
    future_requirements: { alternatives: [], current_deadline: null, currently_due: [], disabled_reason: null, errors: [], eventually_due: [], past_due: [], pending_verification: [] },
    requirements: { alternatives: [], current_deadline: null, currently_due: due, disabled_reason: due.length ? 'requirements.past_due' : null, errors: [], eventually_due: due, past_due: [], pending_verification: [] },
  };
}

export function bankAccount(id: string, accountId: string, last4: string, routing: string): Stripe.BankAccount {
  return {
    id, object: 'bank_account', account: accountId, account_holder_name: null, account_holder_type: null, account_type: null,
    available_payout_methods: ['standard', 'instant'], bank_name: 'STRIPE TEST BANK', country: 'US', currency: 'usd', default_for_currency: true,
    fingerprint: `fp${last4}${routing.slice(0, 4)}`, future_requirements: { currently_due: [], errors: [], past_due: [], pending_verification: [] },
    last4, metadata: {}, requirements: { currently_due: [], errors: [], past_due: [], pending_verification: [] }, routing_number: routing, status: 'new',
  };
}

export function dispute(id: string, created: number, over: Partial<Stripe.Dispute> & { amount: number; currency: string; charge: string; reason: string; status: Stripe.Dispute.Status }): Stripe.Dispute {
  return {
    id, object: 'dispute', balance_transactions: [], created, enhanced_eligibility_types: [],
    evidence: {
      access_activity_log: null, billing_address: null, cancellation_policy: null, cancellation_policy_disclosure: null, cancellation_rebuttal: null,
      customer_communication: null, customer_email_address: null, customer_name: null, customer_purchase_ip: null, customer_signature: null,
      duplicate_charge_documentation: null, duplicate_charge_explanation: null, duplicate_charge_id: null, enhanced_evidence: {},
      product_description: null, receipt: null, refund_policy: null, refund_policy_disclosure: null, refund_refusal_explanation: null,
      service_date: null, service_documentation: null, shipping_address: null, shipping_carrier: null, shipping_date: null,
      shipping_documentation: null, shipping_tracking_number: null, uncategorized_file: null, uncategorized_text: null,
    },
    evidence_details: { due_by: created + 7 * 86400, enhanced_eligibility: {}, has_evidence: false, past_due: false, submission_count: 0, submission_method: 'not_submitted' },
    intended_submission_method: null, is_charge_refundable: false, livemode: false, metadata: {}, network_reason_code: null, payment_intent: null, ...over,
  };
}

export function webhookEndpoint(id: string, created: number, over: Partial<Stripe.WebhookEndpoint> & { url: string; enabled_events: string[] }): Stripe.WebhookEndpoint {
  return { id, object: 'webhook_endpoint', api_version: null, application: null, created, description: null, livemode: false, metadata: {}, status: 'enabled', ...over };
}
