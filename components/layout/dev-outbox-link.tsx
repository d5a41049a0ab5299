import Link from "next/link";
import { getCurrentUser } from "@/lib/auth";
import { devOutboxVisibleTo } from "./dev-outbox";

/** The footer link to the dev outbox, for platform admins while no SMTP is configured. */
export async function DevOutboxLink() {
  if (!devOutboxVisibleTo(await getCurrentUser())) return null;
  return (
    <Link href="/dev/outbox" className="underline hover:text-brand-700">
      Dev outbox (emails not sent)
    </Link>
  );
}
