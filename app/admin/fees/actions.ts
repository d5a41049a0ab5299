"use server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { endFeeOverride, feeScheduleRequest, recordFeeSchedule } from "@/lib/fees/schedules";
import { MoneyError, parseMajorToMinor } from "@/lib/money";
import { findOrganisationBySlug } from "@/lib/orgs/organisations";
import { startOfDay } from "@/lib/settlement/days";
import { parseCalendarDate } from "@/lib/validation/dates";
import { formValues, stateFromError, type ActionState } from "@/components/forms/action-state";

const NAMES = ["orgSlug", "percent", "fixed", "min", "max", "settlementPercent", "effectiveFrom", "note"];

/** "2.5" (percent) -> 250 basis points; anything else is left for the schema to refuse. */
function bps(text: string): number | string {
  return /^\d{1,3}(\.\d{1,2})?$/.test(text) ? Math.round(Number(text) * 100) : text;
}

function minor(text: string, currency: string): number | null | string {
  if (text === "") return null;
  try {
    return parseMajorToMinor(text.replace(/^[$€£]/, ""), currency);
  } catch (e) {
    if (e instanceof MoneyError) return text;
    throw e;
  }
}

/** A change of the platform default (no orgSlug) or an organisation's override, effective from a day (00:00 in PLAZA_TIME_ZONE). */
export async function recordFeeAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData, NAMES);
  try {
    const admin = await requireRole("platform_admin");
    const db = await getDb();
    const org = values.orgSlug ? await findOrganisationBySlug(db, values.orgSlug) : null;
    if (values.orgSlug && !org) throw new AppError("validation_failed", "orgSlug: no organisation has this slug.", { param: "orgSlug" });
    const day = parseCalendarDate(values.effectiveFrom);
    if (!day) return { fieldErrors: { effectiveFrom: "Enter a real date like 2026-12-02." }, values };
    const currency = org?.currency ?? "usd";
    const parsed = feeScheduleRequest.safeParse({
      percentBps: bps(values.percent),
      fixed: minor(values.fixed || "0", currency),
      min: minor(values.min, currency),
      max: minor(values.max, currency),
      settlementPercentBps: bps(values.settlementPercent),
      effectiveFrom: startOfDay(values.effectiveFrom),
      note: values.note || undefined,
    });
    if (!parsed.success) {
      const field = { percentBps: "percent", settlementPercentBps: "settlementPercent" }[String(parsed.error.issues[0]?.path[0])] ?? String(parsed.error.issues[0]?.path[0] ?? "percent");
      return { fieldErrors: { [field]: "Check this value: percentages like 2.5, amounts like 0.30." }, values };
    }
    await recordFeeSchedule(db, org?.id ?? null, parsed.data, admin.id);
    revalidatePath("/admin/fees");
    return { success: `Recorded: ${org ? `${org.name}'s override` : "the platform default"} from ${values.effectiveFrom}.` };
  } catch (e) {
    return stateFromError(e, values);
  }
}

export async function endOverrideAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData, ["orgSlug", "effectiveFrom"]);
  try {
    const admin = await requireRole("platform_admin");
    const db = await getDb();
    const org = await findOrganisationBySlug(db, values.orgSlug);
    if (!org) return { fieldErrors: { orgSlug: "No organisation has this slug." }, values };
    if (!parseCalendarDate(values.effectiveFrom)) return { fieldErrors: { effectiveFrom: "Enter a real date like 2026-12-02." }, values };
    await endFeeOverride(db, org.id, startOfDay(values.effectiveFrom), admin.id);
    revalidatePath("/admin/fees");
    return { success: `${org.name}'s override ends on ${values.effectiveFrom}; the platform default applies from then.` };
  } catch (e) {
    return stateFromError(e, values);
  }
}
