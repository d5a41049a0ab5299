import type Stripe from "stripe";
import type { z } from "zod";

/**
 * The metadata key naming why Plaza asked Stripe for money (or a saved card). It is written and read in this
 * folder only: everything else goes through the purposes registry (./purposes.ts).
 */
const PURPOSE_KEY = "plaza_purpose";

export type StripeMetadata = Record<string, string>;

/** The purpose named by an object's metadata, whether or not Plaza knows it (foreign objects have none). */
export function purposeName(metadata: Stripe.Metadata | null | undefined): string | null {
  return metadata?.[PURPOSE_KEY] ?? null;
}

/** The member an object was created for, when its purpose has one. */
export function purposeUserId(metadata: Stripe.Metadata | null | undefined): string | null {
  return metadata?.plaza_user_id ?? null;
}

/** Metadata for a purpose: its own fields, checked by its schema, plus its name. */
export function purposeMetadata<S extends z.ZodType<StripeMetadata>>(name: string, schema: S, fields: z.infer<S>): StripeMetadata {
  return { ...schema.parse(fields), [PURPOSE_KEY]: name };
}
