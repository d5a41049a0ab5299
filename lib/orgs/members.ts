import "server-only";
import { and, asc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { memberships, organisationInvitations, organisations, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { emailAddress } from "@/lib/schemas";
import { textProblem } from "@/lib/validation/text";
import { orgEmails } from "./emails";

export const ORG_ROLES = ["owner", "admin", "staff", "member"] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

/** Who acts: their user id and name, and their role here ("platform_admin" for a platform admin who is not a member). */
export interface OrgActor {
  userId: string;
  name: string;
  role: OrgRole | "platform_admin";
}

/** The input of "invite someone", for the JSON API and the settings page's form alike. */
export const inviteRequest = z.object({ email: emailAddress, role: z.enum(ORG_ROLES, "Choose a role: owner, admin, staff or member.").default("member") });
export const roleChangeRequest = z.object({ role: z.enum(ORG_ROLES, "Choose a role: owner, admin, staff or member.") });

export interface MembershipView {
  userId: string | null;
  email: string;
  role: OrgRole;
  status: "active" | "invited";
}

function canGrantOwner(actor: OrgActor): boolean {
  return actor.role === "owner" || actor.role === "platform_admin";
}

/**
 * Adds a person by email: someone with a Plaza account joins at once and is emailed; anyone else gets an
 * invitation that signing up with that email accepts. Only owners make owners.
 */
export async function inviteMember(db: Database, organisationId: string, actor: OrgActor, input: z.infer<typeof inviteRequest>): Promise<MembershipView> {
  if (input.role === "owner" && !canGrantOwner(actor)) throw new AppError("forbidden", "Only an owner can make someone an owner.", { param: "role" });
  return db.transaction(async (tx) => {
    const [org] = await tx.select().from(organisations).where(eq(organisations.id, organisationId));
    if (!org) throw new AppError("not_found", "No such organisation.");
    const [user] = await tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.email, input.email)).limit(1);
    if (user) {
      const [added] = await tx.insert(memberships).values({ organisationId, userId: user.id, role: input.role }).onConflictDoNothing().returning();
      if (!added) throw new AppError("already_member", `${input.email} is already in ${org.name}.`, { param: "email" });
      await orgEmails.added(tx, user, org, input.role, actor.name);
      return { userId: user.id, email: user.email, role: input.role, status: "active" };
    }
    const [invited] = await tx
      .insert(organisationInvitations)
      .values({ organisationId, email: input.email, role: input.role, invitedBy: actor.userId })
      .onConflictDoNothing()
      .returning();
    if (!invited) throw new AppError("already_member", `${input.email} has already been invited to ${org.name}.`, { param: "email" });
    await orgEmails.invited(tx, input.email, org, input.role, actor.name);
    return { userId: null, email: input.email, role: input.role, status: "invited" };
  });
}

/** The organisation's owners, locked, so two changes that would each leave no owner cannot both pass. */
async function lockedOwners(tx: Database, organisationId: string): Promise<string[]> {
  const rows = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.role, "owner")))
    .orderBy(asc(memberships.userId))
    .for("update");
  return rows.map((r) => r.userId);
}

async function targetMembership(tx: Database, organisationId: string, userId: string) {
  // A user id from the URL that could not be stored (a NUL, a broken character) names nobody.
  if (userId.length > 200 || textProblem(userId)) throw new AppError("not_found", "That person is not in this organisation.");
  const [m] = await tx.select().from(memberships).where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId))).for("update");
  if (!m) throw new AppError("not_found", "That person is not in this organisation.");
  return m;
}

function refuseLastOwner(owners: string[], userId: string): void {
  if (owners.length === 1 && owners[0] === userId) {
    throw new AppError("last_owner", "An organisation needs at least one owner. Make someone else an owner first.");
  }
}

export async function changeMemberRole(db: Database, organisationId: string, actor: OrgActor, userId: string, role: OrgRole): Promise<MembershipView> {
  return db.transaction(async (tx) => {
    const owners = await lockedOwners(tx, organisationId);
    const m = await targetMembership(tx, organisationId, userId);
    if ((role === "owner" || m.role === "owner") && !canGrantOwner(actor)) throw new AppError("forbidden", "Only an owner can change who is an owner.", { param: "role" });
    if (m.role === "owner" && role !== "owner") refuseLastOwner(owners, userId);
    await tx.update(memberships).set({ role }).where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId)));
    const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
    return { userId, email: user?.email ?? "", role, status: "active" };
  });
}

/** Removes a person (never the last owner; only owners remove owners). Leaving is removing yourself. */
export async function removeMember(db: Database, organisationId: string, actor: OrgActor, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const owners = await lockedOwners(tx, organisationId);
    const m = await targetMembership(tx, organisationId, userId);
    const leaving = userId === actor.userId;
    if (m.role === "owner" && !leaving && !canGrantOwner(actor)) throw new AppError("forbidden", "Only an owner can remove an owner.");
    if (m.role === "owner") refuseLastOwner(owners, userId);
    await tx.delete(memberships).where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId)));
  });
}

export async function revokeInvitation(db: Database, organisationId: string, invitationId: string): Promise<void> {
  const revoked = await db
    .update(organisationInvitations)
    .set({ revokedAt: new Date() })
    .where(and(eq(organisationInvitations.id, invitationId), eq(organisationInvitations.organisationId, organisationId), isNull(organisationInvitations.acceptedAt), isNull(organisationInvitations.revokedAt)))
    .returning({ id: organisationInvitations.id });
  if (revoked.length === 0) throw new AppError("not_found", "That invitation is not open any more.");
}

/** After sign-up: every open invitation for the new account's email becomes a membership. */
export async function acceptInvitations(db: Database, user: { id: string; email: string }): Promise<number> {
  return db.transaction(async (tx) => {
    const open = await tx
      .select()
      .from(organisationInvitations)
      .where(and(eq(organisationInvitations.email, user.email.toLowerCase()), isNull(organisationInvitations.acceptedAt), isNull(organisationInvitations.revokedAt)))
      .for("update");
    for (const inv of open) {
      await tx.insert(memberships).values({ organisationId: inv.organisationId, userId: user.id, role: inv.role }).onConflictDoNothing();
      await tx.update(organisationInvitations).set({ acceptedAt: new Date() }).where(eq(organisationInvitations.id, inv.id));
    }
    return open.length;
  });
}

export function listOpenInvitations(db: Database, organisationId: string) {
  return db
    .select({ id: organisationInvitations.id, email: organisationInvitations.email, role: organisationInvitations.role, createdAt: organisationInvitations.createdAt })
    .from(organisationInvitations)
    .where(and(eq(organisationInvitations.organisationId, organisationId), isNull(organisationInvitations.acceptedAt), isNull(organisationInvitations.revokedAt)))
    .orderBy(asc(organisationInvitations.createdAt));
}

/**
 * The member of this organisation with this email, or null: someone without an account and someone who is
 * not a member read the same, so the answer reveals nothing about who uses Plaza.
 */
export async function organisationMemberByEmail(db: Database, organisationId: string, email: string): Promise<{ id: string; email: string } | null> {
  const [row] = await db
    .select({ id: users.id, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organisationId, organisationId), eq(users.email, email.trim().toLowerCase())))
    .limit(1);
  return row ?? null;
}

export function notAMember(param = "email"): AppError {
  return new AppError("not_a_member", "That email doesn't belong to a member of this organisation. Invite them first.", { param });
}
