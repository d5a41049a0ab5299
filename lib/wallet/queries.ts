import "server-only";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { checkoutSessions, users } from "@/db/schema";
import { normaliseEmail } from "@/lib/auth/users";

/** Read-only lookups the wallet and organisation pages need (no writes, no Stripe calls). */

export type StoredCheckoutSession = typeof checkoutSessions.$inferSelect;

/** A Checkout Session this user started (null for anyone else's: pages answer 404). */
export async function checkoutSessionForUser(db: Database, sessionId: string, userId: string): Promise<StoredCheckoutSession | null> {
  const [row] = await db
    .select()
    .from(checkoutSessions)
    .where(and(eq(checkoutSessions.id, sessionId), eq(checkoutSessions.userId, userId)))
    .limit(1);
  return row ?? null;
}

export async function userByEmail(db: Database, email: string): Promise<{ id: string; email: string; name: string | null } | null> {
  const [row] = await db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.email, normaliseEmail(email))).limit(1);
  return row ?? null;
}
