import type Stripe from 'stripe';
import type { Ctx } from '../context.js';
import { ApiError, notFound } from '../errors.js';
import { markComplete } from './checkout.js';
import { authenticateIntent, withFollowups } from './payment_intents.js';
import { authenticateSetupIntent } from './setup_intents.js';

export type Authenticated = { kind: 'payment_intent'; intent: Stripe.PaymentIntent; sessionId?: string } | { kind: 'setup_intent'; intent: Stripe.SetupIntent; sessionId?: string };

/** Finishes a 3DS challenge for a PI or SI (control API and hosted 3DS page), completing its Checkout Session. */
export function authenticate(outer: Ctx, id: string, success: boolean): Authenticated {
  const t = outer.tenant;
  const ctx = outer.asOwnerOf(id);
  const sessionId = t.intentExtra.get(id)?.sessionId;
  const session = sessionId ? t.sessions.get(sessionId) : undefined;
  const email = (): string => session?.customer_email ?? 'customer@example.com';
  const pi = t.paymentIntents.get(id);
  if (pi) {
    try {
      withFollowups((f) => {
        authenticateIntent(ctx, pi, success, f);
        if (session && (pi.status === 'succeeded' || pi.status === 'requires_capture')) markComplete(ctx, session, email());
      });
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 402) throw e;
    }
    return { kind: 'payment_intent', intent: pi, ...(sessionId ? { sessionId } : {}) };
  }
  const si = t.setupIntents.get(id);
  if (si) {
    try {
      authenticateSetupIntent(ctx, si, success);
      if (session && si.status === 'succeeded') markComplete(ctx, session, email());
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 402) throw e;
    }
    return { kind: 'setup_intent', intent: si, ...(sessionId ? { sessionId } : {}) };
  }
  throw notFound(id.startsWith('seti_') ? 'setup_intent' : 'payment_intent', id);
}
