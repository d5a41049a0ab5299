"use server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { ORG_MANAGERS, requireOrgRole } from "@/lib/auth";
import { formatMoney } from "@/lib/money";
import { walletCurrency } from "@/lib/wallet/accounts";
import { cancelIou, iouRequest, raiseIou } from "@/lib/wallet/ious";
import { organisationPaymentRequest, payMemberFromOrganisation } from "@/lib/wallet/organisation-payments";
import { formValues, parseForm, stateFromError, type ActionState } from "@/components/forms/action-state";

function formOptions() {
  return { money: { fields: ["amount"], currency: walletCurrency() }, messages: { email: "Enter the member's email address, like name@example.com." } };
}

/** Owners and admins ask a member to pay an amount later (an IOU); the member is emailed. */
export async function raiseIouAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData, ["email", "amount", "description"]);
  const slug = String(formData.get("slug") ?? "");
  try {
    const { organisation, user } = await requireOrgRole(slug, ORG_MANAGERS);
    const { email, amount, description } = parseForm(iouRequest, formData, formOptions());
    await raiseIou(await getDb(), { organisationId: organisation.id, email, amount, description, createdBy: user.id });
    revalidatePath(`/orgs/${slug}`);
    return { success: `Asked ${email} to pay ${formatMoney({ amount, currency: walletCurrency() })}. They've been emailed.` };
  } catch (e) {
    return stateFromError(e, values);
  }
}

export async function cancelIouAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const slug = String(formData.get("slug") ?? "");
  const iouId = String(formData.get("iouId") ?? "");
  try {
    const { organisation } = await requireOrgRole(slug, ORG_MANAGERS);
    await cancelIou(await getDb(), organisation.id, iouId);
  } catch (e) {
    return stateFromError(e, {});
  }
  revalidatePath(`/orgs/${slug}`);
  return { success: "IOU cancelled." };
}

/** Pays a member from the organisation's balance; the request id from the form makes a double submit post once. */
export async function payMemberAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData, ["email", "amount", "description", "requestId"]);
  const slug = String(formData.get("slug") ?? "");
  try {
    const { organisation, user } = await requireOrgRole(slug, ORG_MANAGERS);
    const { email, amount, description, requestId } = parseForm(organisationPaymentRequest, formData, formOptions());
    await payMemberFromOrganisation(await getDb(), { organisationId: organisation.id, email, amount, description, actorUserId: user.id, requestId });
    revalidatePath(`/orgs/${slug}`);
    // A new request id for the next payment from the same form.
    return { success: `Paid ${formatMoney({ amount, currency: walletCurrency() })} to ${email}.`, values: { requestId: crypto.randomUUID() } };
  } catch (e) {
    return stateFromError(e, values);
  }
}
