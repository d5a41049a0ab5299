import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { adminUserJson, listUsers, parseUsersQuery } from "@/lib/auth/admin-users";
import { route } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

/** Users by email, `?q=` searches email and name, `?filter=all|admins|disabled`, keyset paged (`nextCursor`). */
export const GET = route(async (request) => {
  await requireRole("platform_admin");
  const page = await listUsers(await getDb(), parseUsersQuery(new URL(request.url).searchParams));
  return NextResponse.json({ users: page.rows.map(adminUserJson), nextCursor: page.nextCursor }, { headers: { "Cache-Control": "no-store" } });
});
