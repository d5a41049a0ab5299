import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { adminUserJson, applyUserCommand, userCommandBody, userCommandFromPath } from "@/lib/auth/admin-users";
import { AppError } from "@/lib/errors";
import { parseJson, route } from "@/lib/http/respond";

/**
 * `POST /api/admin/users/{id}/make-admin | revoke-admin | disable | enable` `{"reason"}` -> 200 `{"user","changed"}`.
 * 409 `cannot_change_self` (revoking or disabling yourself), 409 `last_admin` (the last active platform admin).
 */
export const POST = route<{ params: Promise<{ id: string; command: string }> }>(async (request, { params }) => {
  const admin = await requireRole("platform_admin");
  const { id, command } = await params;
  const action = userCommandFromPath(command);
  if (!action) throw new AppError("not_found", "No such command: use make-admin, revoke-admin, disable or enable.");
  const body = await parseJson(request, userCommandBody);
  const result = await applyUserCommand(await getDb(), admin.id, id, { ...body, action });
  return NextResponse.json({ user: adminUserJson(result.user), changed: result.changed });
});
