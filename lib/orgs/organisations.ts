import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { memberships, organisations } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { text } from "@/lib/validation/text";

export type Organisation = typeof organisations.$inferSelect;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The input of "create an organisation", for the JSON API and the page's form alike. */
export const createOrganisationRequest = z.object({
  name: text({ min: 2, max: 80, requiredMessage: "Use at least 2 characters.", maxMessage: "Use at most 80 characters." }),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .min(3, "Use at least 3 characters.")
    .max(40, "Use at most 40 characters.")
    .regex(SLUG, "Use lowercase letters, digits and single hyphens, like harbour-bridge-club.")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  kind: z.enum(["club", "organiser", "instructor"]).default("club"),
});
export type CreateOrganisationRequest = z.infer<typeof createOrganisationRequest>;

/** A web address for a name: "Ada's Coaching" -> "adas-coaching". */
export function slugFor(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  return slug.length >= 3 ? slug : `${slug || "org"}-${crypto.randomUUID().slice(0, 6)}`;
}

/** Creates an organisation with its creator as owner, in one transaction. A slug already in use is 409. */
export async function createOrganisation(db: Database, creatorUserId: string, input: CreateOrganisationRequest): Promise<Organisation> {
  const slug = input.slug ?? slugFor(input.name);
  return db.transaction(async (tx) => {
    const [org] = await tx.insert(organisations).values({ slug, name: input.name, kind: input.kind }).onConflictDoNothing({ target: organisations.slug }).returning();
    if (!org) {
      throw new AppError("slug_taken", `The address "${slug}" is already used by another organisation. Choose another.`, { param: "slug" });
    }
    await tx.insert(memberships).values({ organisationId: org.id, userId: creatorUserId, role: "owner" });
    return org;
  });
}

export async function findOrganisationBySlug(db: Database, slug: string): Promise<Organisation | null> {
  const [org] = await db.select().from(organisations).where(eq(organisations.slug, slug)).limit(1);
  return org ?? null;
}

export async function findOrganisationById(db: Database, id: string): Promise<Organisation | null> {
  const [org] = await db.select().from(organisations).where(eq(organisations.id, id)).limit(1);
  return org ?? null;
}
