import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { parseJson, route } from "@/lib/http/respond";
import { createOrganisation, createOrganisationRequest } from "@/lib/orgs/organisations";

/** Any signed-in user creates an organisation and becomes its owner. */
export const POST = route(async (request) => {
  const user = await requireUser();
  const input = await parseJson(request, createOrganisationRequest);
  const org = await createOrganisation(await getDb(), user.id, input);
  return NextResponse.json({ organisation: { id: org.id, slug: org.slug, name: org.name } }, { status: 201 });
});
