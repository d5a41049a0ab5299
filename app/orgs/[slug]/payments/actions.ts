"use server";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { ORG_MANAGERS, requireOrgRole } from "@/lib/auth";
import { clientIp } from "@/lib/auth/rate-limit";
import { customDetailsRequest, submitCustomDetails, type IdentityDocument } from "@/lib/connect/custom";
import { connectRequest, disconnect, paymentsPath, refreshConnectStatus, startConnect } from "@/lib/connect/onboarding";
import { AppError } from "@/lib/errors";
import { formValues, parseForm, stateFromError, type ActionState } from "@/components/forms/action-state";

function slugOf(formData: FormData): string {
  return String(formData.get("slug") ?? "");
}

/** The owner picks how to connect: off to Stripe's OAuth or onboarding page, or (Custom) to Plaza's own form. */
export async function startConnectAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const slug = slugOf(formData);
  let target: string;
  try {
    const { organisation, user } = await requireOrgRole(slug, ["owner"]);
    const { kind } = parseForm(connectRequest, formData);
    const start = await startConnect(await getDb(), organisation, user.id, kind);
    target = start.kind === "custom" ? `${paymentsPath(slug)}?started=custom` : start.url;
  } catch (e) {
    return stateFromError(e, {});
  }
  redirect(target);
}

/** Back from Stripe's onboarding: the account is re-read from Stripe (the redirect itself proves nothing). */
export async function refreshConnectAction(slug: string): Promise<{ ok: boolean }> {
  const { organisation } = await requireOrgRole(slug, ORG_MANAGERS);
  try {
    await refreshConnectStatus(await getDb(), organisation.id);
    return { ok: true };
  } catch (e) {
    console.error("[plaza] could not re-read the connected account", organisation.id, e instanceof Error ? e.message : e);
    return { ok: false };
  }
}

export async function disconnectAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const slug = slugOf(formData);
  try {
    const { organisation } = await requireOrgRole(slug, ["owner"]);
    await disconnect(await getDb(), organisation.id);
  } catch (e) {
    return stateFromError(e, {});
  }
  revalidatePath(paymentsPath(slug));
  return { success: "Disconnected. Plaza can no longer charge or see your Stripe account; your listings stop selling until you connect again." };
}

async function documentFrom(formData: FormData, name: string): Promise<IdentityDocument | undefined> {
  const f = formData.get(name);
  if (!(f instanceof File) || f.size === 0) return undefined;
  if (f.size > 10 * 1024 * 1024) throw new AppError("validation_failed", "The file is larger than 10 MB; take a smaller photo.", { param: name });
  return { name: f.name || `${name}.jpg`, type: f.type, data: Buffer.from(await f.arrayBuffer()) };
}

/** The Custom account form: details and documents to Stripe, with the terms accepted from this browser. */
export async function customDetailsAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const slug = slugOf(formData);
  const names = ["businessType", "firstName", "lastName", "dob", "email", "phone", "addressLine1", "city", "postalCode", "state", "routingNumber", "acceptTos"];
  const values = formValues(formData, names.filter((n) => n !== "accountNumber"));
  try {
    const { organisation } = await requireOrgRole(slug, ["owner"]);
    const details = parseForm(customDetailsRequest, formData);
    const [front, back] = await Promise.all([documentFrom(formData, "documentFront"), documentFrom(formData, "documentBack")]);
    const h = await headers();
    const status = await submitCustomDetails(await getDb(), organisation.id, details, { front, back }, { ip: ipForStripe(clientIp(h)), userAgent: h.get("user-agent") ?? "unknown" });
    revalidatePath(paymentsPath(slug));
    return { success: status.canSell ? "All set: Stripe has everything it needs and you can sell." : "Saved. Stripe's answer is below." };
  } catch (e) {
    return stateFromError(e, { ...values, documentFront: "", documentBack: "", accountNumber: "" });
  }
}

/** Stripe records the address terms were accepted from; a request without a known client address is local. */
function ipForStripe(ip: string): string {
  return /^[0-9a-f.:]+$/i.test(ip) ? ip : "127.0.0.1";
}
