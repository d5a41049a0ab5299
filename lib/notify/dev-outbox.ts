import "server-only";
import { env } from "@/lib/env";

/**
 * The dev outbox exists only while emails are not sent (no SMTP_URL) and this is not a real production site;
 * even then it holds every user's emails, so only platform admins may read it.
 */
export function devOutboxEnabled(): boolean {
  const e = env();
  return !e.SMTP_URL && (e.demoMode || e.NODE_ENV !== "production");
}

export function devOutboxVisibleTo(user: { platformAdmin: boolean } | null): boolean {
  return devOutboxEnabled() && Boolean(user?.platformAdmin);
}
