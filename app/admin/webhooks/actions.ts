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
  if (outcome === "failed") return { error: `Replaying ${id.data} failed again; nothing was recorded. The error is in the Status column, and Plaza retries it on its own.` };
  if (outcome === "ignored") {
    return { message: `Replayed ${id.data}: Plaza has no handler for this event type, so nothing changed. That is expected for events Plaza does not use.` };
  }
  return { message: `Replayed ${id.data}: processed again. Handlers are idempotent, so anything already recorded was not recorded twice.` };
}
