import "server-only";
import { env } from "@/lib/env";

/** The dev outbox is shown only when emails are not sent (no SMTP_URL) and this is not a real production site. */
export function devOutboxEnabled(): boolean {
  const e = env();
  return !e.SMTP_URL && (e.demoMode || e.NODE_ENV !== "production");
}
