import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { ORG_MANAGERS, requireOrgRole, requireUser } from "@/lib/auth";
import { parseJson, route } from "@/lib/http/respond";
import { actorOf } from "@/lib/orgs/actor";
import { changeMemberRole, removeMember, roleChangeRequest } from "@/lib/orgs/members";

type Context = { params: Promise<{ slug: string; userId: string }> };

/** Changes someone's role (owners and admins; only owners touch owners; never the last owner). */
export const PATCH = route<Context>(async (request, { params }) => {
  const { slug, userId } = await params;
  const access = await requireOrgRole(slug, ORG_MANAGERS);
  const input = await parseJson(request, roleChangeRequest);
  const membership = await changeMemberRole(await getDb(), access.organisation.id, actorOf(access), userId, input.role);
  return NextResponse.json({ membership });
});

/** Removes someone (owners and admins), or leaves (anyone, for themselves); never the last owner. */
export const DELETE = route<Context>(async (_request, { params }) => {
  const { slug, userId } = await params;
  const me = await requireUser();
  const access = await requireOrgRole(slug, me.id === userId ? ["owner", "admin", "staff", "member"] : ORG_MANAGERS);
  await removeMember(await getDb(), access.organisation.id, actorOf(access), userId);
  return new NextResponse(null, { status: 204 });
});
