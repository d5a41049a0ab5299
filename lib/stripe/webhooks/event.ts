import type Stripe from "stripe";
import { z } from "zod";

/** The shape every Stripe event object has; a signed body without it is refused at ingest and never stored. */
export const eventEnvelope = z.object({
  id: z.string().startsWith("evt_"),
  object: z.literal("event"),
  type: z.string().min(1),
  created: z.number().int(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

/**
 * Turns an inbox payload back into a typed event. The payload was produced by stripe-node's constructEvent
 * after its signature verified, so after the envelope check it is a Stripe.Event; this is the one place
 * where that is asserted, and handlers receive narrowed, cast-free event types from the dispatcher's switch.
 */
export function decodeStoredEvent(payload: unknown): Stripe.Event {
  eventEnvelope.parse(payload);
  return payload as Stripe.Event;
}
