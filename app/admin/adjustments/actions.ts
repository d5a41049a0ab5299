"use server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { env } from "@/lib/env";
import { formatMoney, MoneyError, parseMajorToMinor } from "@/lib/money";
import { adjustmentRequest, postAdjustment } from "@/lib/settlement/adjustments";
import { formValues, stateFromError, type ActionState } from "@/components/forms/action-state";

/** After the review step: posts the adjustment once per requestId (a double submit posts once). */
export async function adjustmentAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData, ["holder", "who", "amount", "description", "requestId"]);
  try {
    const admin = await requireRole("platform_admin");
    let amount: number;
    try {
      const negative = values.amount.trim().startsWith("-");
      amount = parseMajorToMinor(values.amount.trim().replace(/^[-+]/, "").replace(/^[$€£]/, ""), env().PLAZA_CURRENCY) * (negative ? -1 : 1);
    } catch (e) {
      if (e instanceof MoneyError) return { fieldErrors: { amount: "Enter an amount like 12.34, or -12.34 to take money away." }, values };
      throw e;
    }
    const parsed = adjustmentRequest.safeParse({
      ...(values.holder === "organisation" ? { orgSlug: values.who } : { userEmail: values.who }),
      amount,
      description: values.description,
      requestId: values.requestId,
    });
    if (!parsed.success) {
      const field = String(parsed.error.issues[0]?.path[0] ?? "");
      const name = field === "userEmail" || field === "orgSlug" ? "who" : field === "requestId" ? "description" : field;
      return { fieldErrors: { [name]: parsed.error.issues[0]?.message ?? "Check this field." }, values };
    }
    const result = await postAdjustment(await getDb(), parsed.data, admin.id);
    revalidatePath("/admin/adjustments");
    return { success: `${result.replayed ? "Already posted" : "Posted"}: ${formatMoney({ amount: result.amount, currency: result.currency })} for ${result.holder.key} (${result.reference}).` };
  } catch (e) {
    return stateFromError(e, values, { userEmail: "who", orgSlug: "who" });
  }
}
