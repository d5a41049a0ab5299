"use server";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { createOrganisation, createOrganisationRequest } from "@/lib/orgs/organisations";
import { formValues, parseForm, stateFromError, type ActionState } from "@/components/forms/action-state";

/** Creates an organisation with the signed-in user as its owner, then opens its settings. */
export async function createOrganisationAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData, ["name", "slug", "kind"]);
  let slug: string;
  try {
    const user = await requireUser();
    const input = parseForm(createOrganisationRequest, formData);
    slug = (await createOrganisation(await getDb(), user.id, input)).slug;
  } catch (e) {
    return stateFromError(e, values);
  }
  redirect(`/orgs/${slug}/settings?created=1`);
}
