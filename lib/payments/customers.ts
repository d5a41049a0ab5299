import "server-only";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { stripeCustomers } from "@/db/schema";
import { idempotencyKey, stripe } from "@/lib/stripe/client";
import { assertNoTransaction } from "./no-transaction";

/** The member's Stripe customer, created once; the idempotency key makes a concurrent second call harmless. */
export async function ensureStripeCustomer(db: Database, user: { id: string; email: string; name?: string | null }): Promise<string> {
  assertNoTransaction(db, "ensureStripeCustomer");
  const [existing] = await db.select().from(stripeCustomers).where(eq(stripeCustomers.userId, user.id)).limit(1);
  if (existing) return existing.customerId;
  const customer = await stripe().customers.create(
    { email: user.email, name: user.name ?? undefined, metadata: { plaza_user_id: user.id } },
    { idempotencyKey: idempotencyKey("customer", user.id) },
  );
  await db.insert(stripeCustomers).values({ userId: user.id, customerId: customer.id }).onConflictDoNothing();
  return customer.id;
}
