import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { ORG_MANAGERS, requireOrgRole } from "@/lib/auth";
import { connectStatus } from "@/lib/connect/can-sell";
import { connectRequest, disconnect, startConnect } from "@/lib/connect/onboarding";
import { parseJson, route } from "@/lib/http/respond";

type Context = { params: Promise<{ slug: string }> };

export const dynamic = "force-dynamic";

/** The organisation's connected account, whether it can sell, and every reason it can't. */
export const GET = route<Context>(async (_request, { params }) => {
  const { organisation } = await requireOrgRole((await params).slug, ORG_MANAGERS);
  return NextResponse.json(await connectStatus(await getDb(), organisation.id));
});

/** The owner starts connecting: Standard answers the OAuth URL, Express an onboarding link, Custom the new account. */
export const POST = route<Context>(async (request, { params }) => {
  const { organisation, user } = await requireOrgRole((await params).slug, ["owner"]);
  const { kind } = await parseJson(request, connectRequest);
  const start = await startConnect(await getDb(), organisation, user.id, kind);
  if (start.kind === "standard") return NextResponse.json({ url: start.url });
  return NextResponse.json(start.kind === "express" ? { accountId: start.accountId, url: start.url } : { accountId: start.accountId }, { status: 201 });
});

/** The owner disconnects a Standard account; Express and Custom answer 409 cannot_disconnect. */
export const DELETE = route<Context>(async (_request, { params }) => {
  const { organisation } = await requireOrgRole((await params).slug, ["owner"]);
  return NextResponse.json(await disconnect(await getDb(), organisation.id));
});
