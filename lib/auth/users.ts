import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { memberships, organisations, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { hashPassword } from "./password";

export type OrgRoleName = "owner" | "admin" | "staff" | "member";

export interface OrganisationRole {
  id: string;
  slug: string;
  name: string;
  role: OrgRoleName;
}

export interface Roles {
  platformAdmin: boolean;
  organisations: OrganisationRole[];
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserByEmail(db: Database, email: string) {
  const [user] = await db.select().from(users).where(eq(users.email, normaliseEmail(email))).limit(1);
  return user;
}

/**
 * The user's roles; undefined for an unknown or disabled account (which then has no session), and for a session
 * signed in (`signedInAt`, ms) before the account's sessions were revoked (a disable ends them for good).
 */
export async function loadRoles(db: Database, userId: string, signedInAt?: number): Promise<Roles | undefined> {
  return (await loadAccount(db, userId, signedInAt))?.roles;
}

/** The account behind a session (signed in at `signedInAt`, ms) with its roles; null when unknown, disabled or revoked. */
export async function loadCurrentUser(db: Database, userId: string, signedInAt = 0): Promise<({ id: string; email: string; name: string | null } & Roles) | null> {
  const account = await loadAccount(db, userId, signedInAt);
  return account ? { ...account.user, ...account.roles } : null;
}

/**
 * One read of the user row for both callers (every signed-in request runs one of them), then the
 * memberships of a usable account.
 */
async function loadAccount(db: Database, userId: string, signedInAt?: number) {
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, isPlatformAdmin: users.isPlatformAdmin, disabledAt: users.disabledAt, sessionsValidAfter: users.sessionsValidAfter })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!user || user.disabledAt) return undefined;
  if (signedInAt !== undefined && user.sessionsValidAfter && signedInAt < user.sessionsValidAfter.getTime()) return undefined;
  const orgs = await db
    .select({ id: organisations.id, slug: organisations.slug, name: organisations.name, role: memberships.role })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organisations.name));
  const roles: Roles = { platformAdmin: user.isPlatformAdmin, organisations: orgs };
  return { user: { id: user.id, email: user.email, name: user.name }, roles };
}

export async function createUser(db: Database, input: { email: string; name: string; password: string; isPlatformAdmin?: boolean }) {
  const email = normaliseEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  const [user] = await db
    .insert(users)
    .values({ email, name: input.name.trim(), passwordHash, isPlatformAdmin: input.isPlatformAdmin ?? false })
    .onConflictDoNothing({ target: users.email })
    .returning();
  if (!user) throw new AppError("email_taken", "An account with this email already exists. Sign in instead.", { param: "email" });
  return user;
}
