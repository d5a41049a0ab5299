import { index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./auth";

/**
 * Emails are written here in the same transaction as the change they announce, then sent by the outbox
 * sender (SMTP when configured). Without SMTP they stay here and the dev outbox page shows them.
 */
export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    toEmail: text("to_email").notNull(),
    userId: text("user_id").references(() => users.id),
    template: text("template").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
  },
  (t) => [index("email_outbox_created_idx").on(t.createdAt), index("email_outbox_user_idx").on(t.userId, t.createdAt)],
);
