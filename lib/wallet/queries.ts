import "server-only";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema";
import { normaliseEmail } from "@/lib/auth/users";

/** Read-only lookups the wallet and organisation pages need (no writes, no Stripe calls). */

export async function userByEmail(db: Database, email: string): Promise<{ id: string; email: string; name: string | null } | null> {
  const [row] = await db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.email, normaliseEmail(email))).limit(1);
  return row ?? null;
}
