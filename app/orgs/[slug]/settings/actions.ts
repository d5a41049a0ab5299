"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { ORG_MANAGERS, requireOrgRole } from "@/lib/auth";
import { actorOf } from "@/lib/orgs/actor";
import { changeMemberRole, inviteMember, inviteRequest, removeMember, revokeInvitation, roleChangeRequest } from "@/lib/orgs/members";
import { formValues, parseForm, stateFromError, type ActionState } from "@/components/forms/action-state";

function slugOf(formData: FormData): string {
  return String(formData.get("slug") ?? "");
}

/** Adds someone by email: they join now, or get an invitation that signing up accepts. */
export async function inviteAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData, ["email", "role"]);
  const slug = slugOf(formData);
  try {
    const access = await requireOrgRole(slug, ORG_MANAGERS);
    const input = parseForm(inviteRequest, formData, { messages: { email: "Enter their email address, like name@example.com." } });
    const m = await inviteMember(await getDb(), access.organisation.id, actorOf(access), input);
    revalidatePath(`/orgs/${slug}/settings`);
    return { success: m.status === "active" ? `${m.email} is now ${m.role} of ${access.organisation.name}. They've been emailed.` : `Invited ${m.email} as ${m.role}. They join when they sign up with this email.` };
  } catch (e) {
    return stateFromError(e, values);
  }
}

export async function changeRoleAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const slug = slugOf(formData);
  try {
    const access = await requireOrgRole(slug, ORG_MANAGERS);
    const { role } = parseForm(roleChangeRequest, formData);
    const m = await changeMemberRole(await getDb(), access.organisation.id, actorOf(access), String(formData.get("userId") ?? ""), role);
    revalidatePath(`/orgs/${slug}/settings`);
    return { success: `${m.email} is now ${m.role}.` };
  } catch (e) {
    return stateFromError(e, {});
  }
}

export async function removeMemberAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const slug = slugOf(formData);
  try {
    const access = await requireOrgRole(slug, ORG_MANAGERS);
    await removeMember(await getDb(), access.organisation.id, actorOf(access), String(formData.get("userId") ?? ""));
    revalidatePath(`/orgs/${slug}/settings`);
    return { success: "Removed." };
  } catch (e) {
    return stateFromError(e, {});
  }
}

export async function revokeInvitationAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const slug = slugOf(formData);
  try {
    const access = await requireOrgRole(slug, ORG_MANAGERS);
    await revokeInvitation(await getDb(), access.organisation.id, String(formData.get("invitationId") ?? ""));
    revalidatePath(`/orgs/${slug}/settings`);
    return { success: "Invitation withdrawn." };
  } catch (e) {
    return stateFromError(e, {});
  }
}

/** Leaves the organisation (anyone but its last owner). */
export async function leaveAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const slug = slugOf(formData);
  try {
    const access = await requireOrgRole(slug, ["owner", "admin", "staff", "member"]);
    await removeMember(await getDb(), access.organisation.id, actorOf(access), access.user.id);
  } catch (e) {
    return stateFromError(e, {});
  }
  redirect("/account?left=1");
}
