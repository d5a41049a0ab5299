import "server-only";
import { and, asc, desc, eq, isNull, lt } from "drizzle-orm";
import nodemailer from "nodemailer";
import type { Database } from "@/db/client";
import { emailOutbox } from "@/db/schema";
import { env } from "@/lib/env";

export interface EmailMessage {
  to: string;
  userId?: string | null;
  template: string;
  subject: string;
  body: string;
}

/** Queues an email inside the caller's transaction: it exists exactly when the change it announces does. */
export async function enqueueEmail(db: Database, message: EmailMessage): Promise<void> {
  await db.insert(emailOutbox).values({ toEmail: message.to, userId: message.userId ?? null, template: message.template, subject: message.subject, body: message.body });
}

export async function listOutbox(db: Database, limit = 100) {
  return db.select().from(emailOutbox).orderBy(desc(emailOutbox.createdAt)).limit(limit);
}

const MAX_ATTEMPTS = 5;

/** Sends queued emails over SMTP when SMTP_URL is set; returns how many were sent. */
export async function sendQueuedEmails(db: Database, batch = 20): Promise<number> {
  const e = env();
  if (!e.SMTP_URL) return 0;
  const transport = nodemailer.createTransport(e.SMTP_URL);
  const due = await db
    .select()
    .from(emailOutbox)
    .where(and(isNull(emailOutbox.sentAt), lt(emailOutbox.attempts, MAX_ATTEMPTS)))
    .orderBy(asc(emailOutbox.createdAt))
    .limit(batch);
  let sent = 0;
  for (const m of due) {
    try {
      await transport.sendMail({ from: e.EMAIL_FROM, to: m.toEmail, subject: m.subject, text: m.body });
      await db.update(emailOutbox).set({ sentAt: new Date(), attempts: m.attempts + 1, lastError: null }).where(eq(emailOutbox.id, m.id));
      sent++;
    } catch (err) {
      await db
        .update(emailOutbox)
        .set({ attempts: m.attempts + 1, lastError: err instanceof Error ? err.message.slice(0, 500) : String(err) })
        .where(eq(emailOutbox.id, m.id));
    }
  }
  return sent;
}
