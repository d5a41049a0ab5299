"use server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { applyUserCommand, userCommandRequest } from "@/lib/auth/admin-users";
import { formValues, parseForm, stateFromError, type ActionState } from "@/components/forms/action-state";

const DONE: Record<string, string> = {
  make_admin: "is now a platform admin",
  revoke_admin: "is no longer a platform admin",
  disable: "is disabled: they can't sign in, and their sessions have ended",
  enable: "is enabled again",
};

/** After the review step: one command on one account, through the same schema as POST /api/admin/users/{id}/{command}. */
export async function userCommandAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData, ["userId", "action", "reason"]);
  try {
    const admin = await requireRole("platform_admin");
    const command = parseForm(userCommandRequest, formData);
    const result = await applyUserCommand(await getDb(), admin.id, values.userId, command);
    revalidatePath("/admin/users");
    return { success: result.changed ? `${result.user.email} ${DONE[command.action]}.` : `Nothing to change: ${result.user.email} already ${DONE[command.action]}.` };
  } catch (e) {
    return stateFromError(e, values);
  }
}
