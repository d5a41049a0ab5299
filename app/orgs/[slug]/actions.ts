"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { ORG_MANAGERS, requireOrgRole } from "@/lib/auth";
import { formatMoney } from "@/lib/money";
import { walletCurrency } from "@/lib/wallet/accounts";
import { cancelIou, raiseIou } from "@/lib/wallet/ious";
import { payMemberFromOrganisation } from "@/lib/wallet/organisation-payments";
import { userByEmail } from "@/lib/wallet/queries";
import { emailAddress, text } from "@/lib/validation/text";
import { parseField } from "@/lib/validation/form";
import { amountFromForm, checkFields, FieldError, formValues, stateFromError, type ActionState } from "@/components/forms/action-state";

const emailSchema = emailAddress("Enter the member's email address, like name@example.com.");
const descriptionSchema = text({ max: 200 });

function memberEmailFrom(values: Record<string, string>): string {
  const parsed = parseField(emailSchema, values.memberEmail);
  if (!parsed.ok) throw new FieldError("memberEmail", parsed.message);
  return parsed.value;
}

function descriptionFrom(values: Record<string, string>, required: boolean): string {
  const parsed = parseField(descriptionSchema, values.description);
  if (!parsed.ok) throw new FieldError("description", parsed.message);
  const d = parsed.value;
  if (required && !d) throw new FieldError("description", "Say what the payment is for; the member sees it.");
  return d;
}

/** Owners and admins ask a member to pay an amount later (an IOU); the member is emailed. */
export async function raiseIouAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData, ["memberEmail", "amount", "description"]);
  const slug = String(formData.get("slug") ?? "");
  try {
    const { organisation, user } = await requireOrgRole(slug, ORG_MANAGERS);
    const { email, amount, description } = checkFields({
      email: () => memberEmailFrom(values),
      amount: () => amountFromForm(formData, "amount", walletCurrency()),
      description: () => descriptionFrom(values, true),
    });
    const db = await getDb();
    const member = await userByEmail(db, email);
    if (!member) throw new FieldError("memberEmail", `No Plaza member has the email ${email}. Check it, or ask them to create an account first.`);
    await raiseIou(db, { organisationId: organisation.id, memberUserId: member.id, amount, description, createdBy: user.id });
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
    // IOU ids are UUIDs; anything else (a NUL included) is nothing to cancel, not a database error.
    if (!z.uuid().safeParse(iouId).success) return { error: "Only open IOUs can be cancelled." };
    await cancelIou(await getDb(), organisation.id, iouId);
  } catch (e) {
    return stateFromError(e, {});
  }
  revalidatePath(`/orgs/${slug}`);
  return { success: "IOU cancelled." };
}

/** Pays a member from the organisation's balance; the request id from the form makes a double submit post once. */
export async function payMemberAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData, ["memberEmail", "amount", "description", "requestId"]);
  const slug = String(formData.get("slug") ?? "");
  try {
    const { organisation, user } = await requireOrgRole(slug, ORG_MANAGERS);
    const { email, amount, description } = checkFields({
      email: () => memberEmailFrom(values),
      amount: () => amountFromForm(formData, "amount", walletCurrency()),
      description: () => descriptionFrom(values, true),
    });
    const requestId = z.uuid().safeParse(values.requestId);
    if (!requestId.success) return { error: "This form is out of date. Reload the page and try again.", values };
    await payMemberFromOrganisation(await getDb(), { organisationId: organisation.id, memberEmail: email, amount, description, actorUserId: user.id, requestId: requestId.data });
    revalidatePath(`/orgs/${slug}`);
    // A new request id for the next payment from the same form.
    return { success: `Paid ${formatMoney({ amount, currency: walletCurrency() })} to ${email}.`, values: { requestId: crypto.randomUUID() } };
  } catch (e) {
    return stateFromError(e, values, { memberEmail: "memberEmail" });
  }
}
