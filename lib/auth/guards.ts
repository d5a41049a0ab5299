import "server-only";
import { cache } from "react";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { organisations } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { textProblem } from "@/lib/validation/text";
import { auth } from "./config";
import { loadCurrentUser, type OrgRoleName, type Roles } from "./users";

export interface CurrentUser extends Roles {
  id: string;
  email: string;
  name: string | null;
}

/** The signed-in user with roles read from the database (never from the token alone); null when signed out. */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  // A disabled account, or a session from before it was disabled, reads as signed out here at once.
  return loadCurrentUser(await getDb(), id, session.user.signedInAt ?? 0);
});

export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) throw new AppError("unauthenticated", "Sign in to continue.");
  return user;
}

export type PlatformRole = "platform_admin" | "member";

export async function requireRole(role: PlatformRole): Promise<CurrentUser> {
  const user = await requireUser();
  if (role === "platform_admin" && !user.platformAdmin) {
    throw new AppError("forbidden", "Only platform administrators can do this.");
  }
  return user;
}

export const ORG_MANAGERS: OrgRoleName[] = ["owner", "admin"];
export const ORG_STAFF: OrgRoleName[] = ["owner", "admin", "staff"];

export interface OrgAccess {
  user: CurrentUser;
  organisation: typeof organisations.$inferSelect;
  /** The caller's role; platform admins without a membership act as "platform_admin". */
  role: OrgRoleName | "platform_admin";
}

/**
 * Access to one organisation by slug or id. An organisation the caller does not belong to is 404 (its
 * existence is not revealed); belonging with too small a role is 403. Platform admins may act on every one.
 */
export async function requireOrgRole(orgSlugOrId: string, allowed: OrgRoleName[] = ORG_STAFF): Promise<OrgAccess> {
  const user = await requireUser();
  // A slug from the URL that could not be stored names no organisation (and must not reach the query).
  if (orgSlugOrId.length > 200 || textProblem(orgSlugOrId)) throw new AppError("not_found", "No such organisation.");
  const membership = user.organisations.find((o) => o.slug === orgSlugOrId || o.id === orgSlugOrId);
  const db = await getDb();
  if (!membership && !user.platformAdmin) throw new AppError("not_found", "No such organisation.");
  const [organisation] = await db
    .select()
    .from(organisations)
    .where(membership ? eq(organisations.id, membership.id) : eq(organisations.slug, orgSlugOrId))
    .limit(1);
  if (!organisation) throw new AppError("not_found", "No such organisation.");
  if (membership && allowed.includes(membership.role)) return { user, organisation, role: membership.role };
  if (user.platformAdmin) return { user, organisation, role: "platform_admin" };
  throw new AppError("forbidden", `This needs the ${allowed.join(" or ")} role in ${organisation.name}.`);
}
