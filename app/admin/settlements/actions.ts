"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { isAppError } from "@/lib/errors";
import { MoneyError, parseMajorToMinor } from "@/lib/money";
import { confirmSettlement, proposeSettlement, retrySettlementLine, requireSettlement, settlementConfirmRequest, settlementProposalRequest } from "@/lib/settlement/settlements";
import { stateFromError, type ActionState } from "@/components/forms/action-state";

/** Proposes (or finds) the settlement for the date typed, then shows it. Moves no money. */
export async function proposeSettlementAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  let id: string;
  try {
    const admin = await requireRole("platform_admin");
    const raw = String(formData.get("referenceDate") ?? "").trim();
    const parsed = settlementProposalRequest.safeParse(raw ? { referenceDate: raw } : {});
    if (!parsed.success) return { error: "Enter a real date like 2026-11-30.", fieldErrors: { referenceDate: "Enter a real date like 2026-11-30." }, values: { referenceDate: raw } };
    id = (await proposeSettlement(await getDb(), parsed.data, admin.id)).settlement.id;
  } catch (e) {
    return stateFromError(e, { referenceDate: String(formData.get("referenceDate") ?? "") });
  }
  redirect(`/admin/settlements/${id}`);
}

/**
 * Confirms after the review step. Each line's amount field (major units) may lower it; "drop" leaves it out.
 * The same schema as the JSON route checks what the form sends.
 */
export async function confirmSettlementAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const id = String(formData.get("settlementId") ?? "");
  try {
    const admin = await requireRole("platform_admin");
    const db = await getDb();
    const s = await requireSettlement(db, id);
    const lines: { orgSlug: string; amount: number }[] = [];
    const fieldErrors: Record<string, string> = {};
    for (const l of s.lines.filter((x) => x.status === "proposed")) {
      if (formData.get(`drop:${l.orgSlug}`) === "on") {
        lines.push({ orgSlug: l.orgSlug, amount: 0 });
        continue;
      }
      const typed = String(formData.get(`amount:${l.orgSlug}`) ?? "").trim();
      if (!typed) continue;
      try {
        const amount = parseMajorToMinor(typed.replace(/^[$€£]/, ""), s.currency);
        if (amount !== l.amount) lines.push({ orgSlug: l.orgSlug, amount });
      } catch (e) {
        if (e instanceof MoneyError) fieldErrors[`amount:${l.orgSlug}`] = "Enter an amount like 12.34.";
        else throw e;
      }
    }
    if (Object.keys(fieldErrors).length) return { error: "Some amounts are not valid; nothing was paid.", fieldErrors };
    const result = await confirmSettlement(db, id, settlementConfirmRequest.parse({ lines }), admin.id);
    revalidatePath(`/admin/settlements/${id}`);
    if (result.alreadyConfirmed) return { success: "This settlement was already confirmed: nothing more was paid." };
    const failed = result.settlement.totals.failed;
    return { success: `Settlement confirmed: ${result.paidNow} line${result.paidNow === 1 ? "" : "s"} paid${failed ? `, ${failed} failed (see the reasons below; retry them when the cause is fixed)` : ""}.` };
  } catch (e) {
    if (isAppError(e) && e.code === "validation_failed") return { error: `${e.message} Nothing was paid.` };
    return stateFromError(e, {});
  }
}

export async function retryLineAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const id = String(formData.get("settlementId") ?? "");
  try {
    const admin = await requireRole("platform_admin");
    const s = await retrySettlementLine(await getDb(), id, String(formData.get("lineId") ?? ""), admin.id);
    revalidatePath(`/admin/settlements/${id}`);
    const line = s.lines.find((l) => l.id === formData.get("lineId"));
    return line?.status === "paid" ? { success: `${line.orgName} is paid.` } : { error: `The line is still unpaid: ${line?.failureMessage ?? "see the reason in the table"}` };
  } catch (e) {
    return stateFromError(e, {});
  }
}
