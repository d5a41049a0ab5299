import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { ORG_MANAGERS, requireOrgRole } from "@/lib/auth";
import { parseJson, route } from "@/lib/http/respond";
import { actorOf } from "@/lib/orgs/actor";
import { inviteMember, inviteRequest } from "@/lib/orgs/members";

/** Owners and admins add someone by email: they join now, or are invited when they have no account yet. */
export const POST = route<{ params: Promise<{ slug: string }> }>(async (request, { params }) => {
  const access = await requireOrgRole((await params).slug, ORG_MANAGERS);
  const input = await parseJson(request, inviteRequest);
  const membership = await inviteMember(await getDb(), access.organisation.id, actorOf(access), input);
  return NextResponse.json({ membership }, { status: 201 });
});
