import "server-only";
import type { Database } from "@/db/client";
import { env } from "@/lib/env";
import { enqueueEmail } from "@/lib/notify/outbox";

/** The organisation emails, queued in the caller's transaction (they exist exactly when the change does). */
export const orgEmails = {
  added: (db: Database, to: { id: string; email: string }, org: { name: string; slug: string }, role: string, by: string) =>
    enqueueEmail(db, {
      to: to.email,
      userId: to.id,
      template: "organisation_added",
      subject: `You've been added to ${org.name}`,
      body: `${by} added you to ${org.name} on Plaza as ${role}.\n\nOpen it: ${env().appUrl}/orgs/${org.slug}`,
    }),
  invited: (db: Database, email: string, org: { name: string }, role: string, by: string) =>
    enqueueEmail(db, {
      to: email,
      template: "organisation_invitation",
      subject: `${by} invited you to ${org.name} on Plaza`,
      body: `${by} invited you to join ${org.name} on Plaza as ${role}.\n\nCreate your account with this email address and you'll be in: ${env().appUrl}/sign-up`,
    }),
};
