import "server-only";
import { CredentialsSignin } from "@auth/core/errors";
import { z } from "zod";
import type { Database } from "@/db/client";
import { emailAddress } from "@/lib/validation/text";
import { verifyPassword } from "./password";
import { checkSignInLimit, clientIp, recordSignInAttempt } from "./rate-limit";
import { findUserByEmail, normaliseEmail } from "./users";

export class RateLimitedSignIn extends CredentialsSignin {
  code = "rate_limited";
}

/** The password was right but a platform admin disabled the account (said only after a correct password). */
export class DisabledSignIn extends CredentialsSignin {
  code = "account_disabled";
}

// The same text rule as every form: a NUL or a broken character never reaches the users query.
const credentialsSchema = z.object({ email: emailAddress(), password: z.string().min(1).max(200) });
// Verifying against a real hash when the email is unknown keeps the timing from telling which emails exist.
const DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

/**
 * The Credentials provider's check: rate limit, password, and the account not disabled. Null for a wrong
 * email or password (the same answer for both); throws RateLimitedSignIn or DisabledSignIn.
 */
export async function authorizeCredentials(db: Database, raw: unknown, headers: Headers): Promise<{ id: string; email: string; name: string | null } | null> {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const email = normaliseEmail(parsed.data.email);
  const ip = clientIp(headers);
  if ((await checkSignInLimit(db, email, ip)).limited) throw new RateLimitedSignIn();
  const user = await findUserByEmail(db, email);
  const ok = await verifyPassword(parsed.data.password, user?.passwordHash ?? DUMMY_HASH);
  await recordSignInAttempt(db, email, ip, Boolean(user && ok && !user.disabledAt));
  if (!user || !ok) return null;
  if (user.disabledAt) throw new DisabledSignIn();
  return { id: user.id, email: user.email, name: user.name };
}
