/** Test cards, pm_card_* magic ids and tok_* tokens (§6). */
export type CardOutcome =
  | { kind: 'success' }
  | { kind: 'decline'; code: string; decline?: string; message: string; blocked?: boolean };

export interface CardBehaviour {
  number: string;
  brand: 'visa' | 'mastercard' | 'amex' | 'discover';
  funding: 'credit' | 'debit';
  country: string;
  /** Outcome when charged (after any authentication). */
  charge: CardOutcome;
  /** Outcome when attached / set up. */
  attach: CardOutcome;
  /** 3DS: 'never' | 'on_session' (3155: setup once then off-session ok) | 'always' (3184). */
  threeDS: 'never' | 'setup' | 'always';
  bypassPending: boolean;
  dispute?: 'fraudulent' | 'product_not_received' | 'inquiry';
  refundFails: boolean;
}

const DECLINE_MSG = 'Your card was declined.';
const declined = (decline: string, message = DECLINE_MSG): CardOutcome => ({ kind: 'decline', code: 'card_declined', decline, message });

function card(number: string, over: Partial<CardBehaviour> = {}): CardBehaviour {
  const brand: CardBehaviour['brand'] = number.startsWith('5') ? 'mastercard' : number.startsWith('3') ? 'amex' : number.startsWith('6') ? 'discover' : 'visa';
  return { number, brand, funding: 'credit', country: 'US', charge: { kind: 'success' }, attach: { kind: 'success' }, threeDS: 'never', bypassPending: false, refundFails: false, ...over };
}

export const CARDS: Record<string, CardBehaviour> = {
  '4242424242424242': card('4242424242424242'),
  '5555555555554444': card('5555555555554444'),
  '378282246310005': card('378282246310005'),
  '4000056655665556': card('4000056655665556', { funding: 'debit' }),
  '4000000000000077': card('4000000000000077', { bypassPending: true }),
  '4000000000000002': card('4000000000000002', { charge: declined('generic_decline'), attach: declined('generic_decline') }),
  // §8(e): 9995 can be saved; it declines when charged (off-session decline scenario).
  '4000000000009995': card('4000000000009995', { charge: declined('insufficient_funds', 'Your card has insufficient funds.') }),
  '4000000000009987': card('4000000000009987', { charge: declined('lost_card'), attach: declined('lost_card') }),
  '4000000000009979': card('4000000000009979', { charge: declined('stolen_card'), attach: declined('stolen_card') }),
  '4000000000000069': card('4000000000000069', { charge: { kind: 'decline', code: 'expired_card', message: 'Your card has expired.' }, attach: { kind: 'decline', code: 'expired_card', message: 'Your card has expired.' } }),
  '4000000000000127': card('4000000000000127', { charge: { kind: 'decline', code: 'incorrect_cvc', message: "Your card's security code is incorrect." }, attach: { kind: 'decline', code: 'incorrect_cvc', message: "Your card's security code is incorrect." } }),
  '4000000000000119': card('4000000000000119', { charge: { kind: 'decline', code: 'processing_error', message: 'An error occurred while processing your card. Try again in a little bit.' }, attach: { kind: 'decline', code: 'processing_error', message: 'An error occurred while processing your card. Try again in a little bit.' } }),
  '4000000000006975': card('4000000000006975', { charge: declined('card_velocity_exceeded'), attach: declined('card_velocity_exceeded') }),
  '4100000000000019': card('4100000000000019', { charge: { kind: 'decline', code: 'card_declined', decline: 'fraudulent', message: DECLINE_MSG, blocked: true } }),
  '4000000000000341': card('4000000000000341', { charge: declined('generic_decline') }),
  '4000002500003155': card('4000002500003155', { threeDS: 'setup' }),
  '4000002760003184': card('4000002760003184', { threeDS: 'always' }),
  '4000008260003178': card('4000008260003178', { threeDS: 'always', charge: declined('insufficient_funds', 'Your card has insufficient funds.') }),
  '4000000000003220': card('4000000000003220', { threeDS: 'always' }),
  '4000000000003063': card('4000000000003063', { threeDS: 'always' }),
  '4000000000000259': card('4000000000000259', { dispute: 'fraudulent' }),
  '4000000000002685': card('4000000000002685', { dispute: 'product_not_received' }),
  '4000000000001976': card('4000000000001976', { dispute: 'inquiry' }),
  '4000000000005126': card('4000000000005126', { refundFails: true }),
};

const MAGIC: Record<string, string> = {
  visa: '4242424242424242',
  mastercard: '5555555555554444',
  amex: '378282246310005',
  visa_debit: '4000056655665556',
  bypassPending: '4000000000000077',
  chargeDeclined: '4000000000000002',
  visa_chargeDeclined: '4000000000000002',
  chargeDeclinedInsufficientFunds: '4000000000009995',
  visa_chargeDeclinedInsufficientFunds: '4000000000009995',
  chargeDeclinedLostCard: '4000000000009987',
  visa_chargeDeclinedLostCard: '4000000000009987',
  chargeDeclinedStolenCard: '4000000000009979',
  visa_chargeDeclinedStolenCard: '4000000000009979',
  chargeDeclinedExpiredCard: '4000000000000069',
  visa_chargeDeclinedExpiredCard: '4000000000000069',
  chargeDeclinedIncorrectCvc: '4000000000000127',
  visa_chargeDeclinedIncorrectCvc: '4000000000000127',
  chargeDeclinedProcessingError: '4000000000000119',
  visa_chargeDeclinedProcessingError: '4000000000000119',
  chargeDeclinedVelocityLimitExceeded: '4000000000006975',
  visa_chargeDeclinedVelocityLimitExceeded: '4000000000006975',
  radarBlock: '4100000000000019',
  chargeCustomerFail: '4000000000000341',
  authenticationRequiredOnSetup: '4000002500003155',
  authenticationRequired: '4000002760003184',
  authenticationRequiredChargeDeclinedInsufficientFunds: '4000008260003178',
  threeDSecure2Required: '4000000000003220',
  threeDSecureRequired: '4000000000003063',
  createDispute: '4000000000000259',
  createDisputeProductNotReceived: '4000000000002685',
  createDisputeInquiry: '4000000000001976',
  refundFail: '4000000000005126',
};

/** Resolves `pm_card_x` / `tok_x` to a card number, or undefined. */
export function magicCardNumber(id: string): string | undefined {
  const m = /^(?:pm_card_|tok_)(.+)$/.exec(id);
  if (!m) return undefined;
  return MAGIC[m[1]];
}

export function luhnOk(number: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = number.length - 1; i >= 0; i--) {
    let d = Number(number[i]);
    if (dbl) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

/** Behaviour of any card number: known table entry, else generic success when Luhn-valid. */
export function behaviourFor(number: string): CardBehaviour | undefined {
  const clean = number.replace(/\s+/g, '');
  const known = CARDS[clean];
  if (known) return known;
  if (!/^\d{12,19}$/.test(clean) || !luhnOk(clean)) return undefined;
  return card(clean);
}
