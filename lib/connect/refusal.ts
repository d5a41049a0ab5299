/**
 * A Connect step refused with a reason the seller reads on the payments page (the OAuth callback is a
 * browser redirect, so these travel as a code in the URL and are shown as their message).
 */
export class ConnectRefusal extends Error {
  /** The organisation the refused attempt was for, when the state told us (to send the seller back there). */
  organisationId?: string;

  constructor(readonly code: ConnectRefusalCode) {
    super(CONNECT_REFUSALS[code]);
    this.name = "ConnectRefusal";
  }
}

export const CONNECT_REFUSALS = {
  state_missing: "The answer from Stripe had no security token, so nothing was connected. Start connecting again.",
  state_invalid: "The security token from Stripe did not verify, so nothing was connected. Start connecting again.",
  state_used: "This Stripe answer was already used, so nothing more was connected.",
  state_expired: "The Stripe consent screen was open for too long, so nothing was connected. Start connecting again.",
  access_denied: "You declined to connect your Stripe account, so nothing was connected. You can try again at any time.",
  code_invalid: "Stripe did not accept the connection (the code was missing, used or expired), so nothing was connected. Start connecting again.",
  account_taken: "That Stripe account is already connected to another organisation on Plaza, so it was not connected here.",
  already_connected: "This organisation already has a Stripe account connected.",
} as const;

export type ConnectRefusalCode = keyof typeof CONNECT_REFUSALS;

export function isConnectRefusalCode(v: string): v is ConnectRefusalCode {
  return Object.hasOwn(CONNECT_REFUSALS, v);
}
