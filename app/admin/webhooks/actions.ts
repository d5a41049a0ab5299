"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { replayEvent } from "@/lib/stripe/webhooks/process";
import { webhookApp } from "@/lib/webhook-app";

export interface ReplayState {
  message?: string;
  error?: string;
}

export async function replayEventAction(_prev: ReplayState, formData: FormData): Promise<ReplayState> {
  await requireRole("platform_admin");
  const id = z.string().regex(/^evt_[A-Za-z0-9_]{1,200}$/).safeParse(formData.get("eventId"));
  if (!id.success) return { error: "That is not a Stripe event id." };
  const outcome = await replayEvent(await getDb(), webhookApp, id.data);
  revalidatePath("/admin/webhooks");
  if (outcome === "not_found") return { error: `Event ${id.data} is not in the inbox.` };
  if (outcome === "failed") return { error: `Replaying ${id.data} failed again; the error is shown in the log.` };
  return { message: `Replayed ${id.data}: ${outcome}.` };
}
