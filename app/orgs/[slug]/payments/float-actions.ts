"use server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { ORG_MANAGERS, requireOrgRole } from "@/lib/auth";
import { minimumFloatRequest, setMinimumFloat } from "@/lib/settlement/floats";
import { amountFromForm, FieldError, stateFromError, type ActionState } from "@/components/forms/action-state";

/** The owner or an admin sets what stays in the organisation's balance after each settlement (0 allowed). */
export async function minimumFloatAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const slug = String(formData.get("slug") ?? "");
  const typed = String(formData.get("minimumFloat") ?? "").trim();
  try {
    const { organisation, user } = await requireOrgRole(slug, ORG_MANAGERS);
    const amount = typed === "0" || typed === "0.00" ? 0 : amountFromForm(formData, "minimumFloat", organisation.currency);
    const parsed = minimumFloatRequest.safeParse({ minimumFloat: amount });
    if (!parsed.success) throw new FieldError("minimumFloat", "Enter an amount of zero or more.");
    await setMinimumFloat(await getDb(), organisation.id, parsed.data.minimumFloat, user.id);
    revalidatePath(`/orgs/${slug}/payments`);
    return { success: "Saved: settlements leave this much in your balance.", values: { minimumFloat: typed } };
  } catch (e) {
    return stateFromError(e, { minimumFloat: typed });
  }
}
