import { sql } from "drizzle-orm";
import { pgEnum, pgTable, primaryKey, text, timestamp, index, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";

export const organisationKind = pgEnum("organisation_kind", ["club", "organiser", "instructor"]);
export const membershipRole = pgEnum("membership_role", ["owner", "admin", "staff", "member"]);

export const organisations = pgTable("organisations", {
  id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  kind: organisationKind("kind").notNull(),
  currency: text("currency").notNull().default("usd"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const memberships = pgTable(
  "memberships",
  {
    organisationId: text("organisation_id").notNull().references(() => organisations.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    role: membershipRole("role").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);

/**
 * An invitation to an organisation for an email that has no Plaza account yet; signing up with that email
 * accepts it. One open invitation per organisation and email.
 */
export const organisationInvitations = pgTable(
  "organisation_invitations",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    organisationId: text("organisation_id").notNull().references(() => organisations.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: membershipRole("role").notNull(),
    invitedBy: text("invited_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("organisation_invitations_open_idx").on(t.organisationId, t.email).where(sql`accepted_at is null and revoked_at is null`),
    index("organisation_invitations_email_idx").on(t.email),
  ],
);
