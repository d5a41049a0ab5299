import "server-only";
import { and, asc, desc, eq, ilike, inArray, lt, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { courseAccess, listings, listingSlots, organisations, orderItems } from "@/db/schema";
import { canSell } from "@/lib/connect/can-sell";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { normaliseCurrency } from "@/lib/money";

export const LISTING_KINDS = ["course", "event_ticket", "service"] as const;
export type ListingKind = (typeof LISTING_KINDS)[number];

/** An ISO 8601 date-time from JSON (already a Date when a parsed request is passed on to the domain). */
const isoDate = z.union([z.date(), z.iso.datetime({ offset: true, error: "must be an ISO 8601 date and time, like 2027-03-01T18:00:00Z" }).transform((v) => new Date(v))], {
  error: "must be an ISO 8601 date and time, like 2027-03-01T18:00:00Z",
});
const slot = z
  .object({ startsAt: isoDate, endsAt: isoDate })
  .refine((s) => s.endsAt > s.startsAt, { message: "a slot must end after it starts", path: ["endsAt"] });

const fields = {
  title: z.string().trim().min(1, "Give the listing a title.").max(200, "Keep the title under 200 characters."),
  description: z.string().trim().min(1, "Describe what buyers get.").max(5000, "Keep the description under 5000 characters."),
  content: z.string().trim().max(20_000, "Keep the course content under 20000 characters.").nullable().optional(),
  amount: z.number({ error: "amount must be a number of minor units (cents)" }).int("amount must be a whole number of minor units (cents)").min(0, "amount must not be negative").max(100_000_000, "amount is too large"),
  currency: z.string().trim().regex(/^[A-Za-z]{3}$/, "currency must be a three-letter ISO code, like usd").transform((c) => c.toLowerCase()).optional(),
  capacity: z.number().int("capacity must be a whole number").min(1, "capacity must be at least 1").max(1_000_000).nullable().optional(),
  startsAt: isoDate.nullable().optional(),
  venue: z.string().trim().max(300).nullable().optional(),
  slots: z.array(slot).max(200, "at most 200 slots at once").optional(),
  published: z.boolean().optional(),
  /** The seller's own buyer-refund policy in hours (null: the kind's default; see lib/marketplace/refunds.ts). */
  refundHours: z.number().int("refundHours must be a whole number of hours").min(0).max(8_760, "refundHours is at most a year").nullable().optional(),
};

/** POST /api/orgs/{slug}/listings and the seller's form: one contract. */
export const createListingRequest = z
  .object({ kind: z.enum(LISTING_KINDS, "kind must be course, event_ticket or service"), ...fields })
  .superRefine((v, ctx) => {
    if (v.kind === "event_ticket") {
      if (!v.startsAt) ctx.addIssue({ code: "custom", path: ["startsAt"], message: "An event needs its date and time." });
      if (!v.venue) ctx.addIssue({ code: "custom", path: ["venue"], message: "An event needs a venue." });
      if (!v.capacity) ctx.addIssue({ code: "custom", path: ["capacity"], message: "An event needs a capacity (the number of tickets)." });
    }
    if (v.kind === "service" && !v.slots?.length) ctx.addIssue({ code: "custom", path: ["slots"], message: "A bookable service needs at least one time slot." });
  });

/** PATCH /api/listings/{id}: the same fields, each optional. */
export const updateListingRequest = z.object(fields).partial();

export type CreateListingRequest = z.input<typeof createListingRequest>;
export type UpdateListingRequest = z.input<typeof updateListingRequest>;
type ListingRow = typeof listings.$inferSelect;

export interface ListingView {
  id: string;
  kind: ListingKind;
  title: string;
  description: string;
  amount: number;
  currency: string;
  capacity: number | null;
  /** Places left (for a service: free slots); null when unlimited. */
  remaining: number | null;
  startsAt: string | null;
  venue: string | null;
  published: boolean;
  seller: { slug: string; name: string };
  slots: { id: string; startsAt: string; endsAt: string; available: boolean }[];
  createdAt: string;
}

async function assertCanPublish(db: Database, organisationId: string): Promise<void> {
  const status = await canSell(db, organisationId);
  if (!status.canSell) {
    throw new AppError("seller_not_ready", "This organisation can't sell yet, so the listing can't be published. " + (status.reasons[0] ? `${status.reasons[0].message} ${status.reasons[0].action}` : ""), {
      details: { reasons: status.reasons },
    });
  }
}

/** A seller creates a listing; publishing at once needs the organisation to be able to sell (409 seller_not_ready). */
export async function createListing(db: Database, organisation: { id: string; currency?: string }, input: CreateListingRequest): Promise<ListingView> {
  const v = createListingRequest.parse(input);
  if (v.published) await assertCanPublish(db, organisation.id);
  const currency = normaliseCurrency(v.currency ?? organisation.currency ?? env().PLAZA_CURRENCY);
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(listings)
      .values({
        organisationId: organisation.id,
        kind: v.kind,
        title: v.title,
        description: v.description,
        content: v.kind === "course" ? (v.content ?? null) : null,
        amount: v.amount,
        currency,
        capacity: v.kind === "service" ? null : (v.capacity ?? null),
        startsAt: v.startsAt ?? null,
        venue: v.venue ?? null,
        published: v.published ?? false,
        refundHours: v.refundHours ?? null,
      })
      .returning({ id: listings.id });
    if (v.kind === "service" && v.slots?.length) await tx.insert(listingSlots).values(v.slots.map((s) => ({ listingId: row.id, startsAt: s.startsAt, endsAt: s.endsAt })));
    return row.id;
  });
  return (await listingView(db, id, { includeUnpublished: true }))!;
}

/** The listing row, or 404 listing_not_found. */
export async function findListing(db: Database, id: string): Promise<ListingRow> {
  if (!z.uuid().safeParse(id).success) throw new AppError("listing_not_found", "No such listing.");
  const [row] = await db.select().from(listings).where(eq(listings.id, id)).limit(1);
  if (!row) throw new AppError("listing_not_found", "No such listing.");
  return row;
}

/** A seller edits, publishes or unpublishes a listing (the caller checked the seller's role). */
export async function updateListing(db: Database, id: string, input: UpdateListingRequest): Promise<ListingView> {
  const v = updateListingRequest.parse(input);
  const current = await findListing(db, id);
  if (v.published && !current.published) await assertCanPublish(db, current.organisationId);
  await db.transaction(async (tx) => {
    const [locked] = await tx.select().from(listings).where(eq(listings.id, id)).for("update");
    if (v.capacity !== undefined && v.capacity !== null && v.capacity < locked.reserved) {
      throw new AppError("conflict", `${locked.reserved} places are already sold or held, so the capacity can't go below that.`, { param: "capacity" });
    }
    await tx
      .update(listings)
      .set({
        ...(v.title !== undefined ? { title: v.title } : {}),
        ...(v.description !== undefined ? { description: v.description } : {}),
        ...(v.content !== undefined && locked.kind === "course" ? { content: v.content } : {}),
        ...(v.amount !== undefined ? { amount: v.amount } : {}),
        ...(v.currency !== undefined ? { currency: normaliseCurrency(v.currency) } : {}),
        ...(v.capacity !== undefined && locked.kind !== "service" ? { capacity: v.capacity } : {}),
        ...(v.startsAt !== undefined ? { startsAt: v.startsAt } : {}),
        ...(v.venue !== undefined ? { venue: v.venue } : {}),
        ...(v.published !== undefined ? { published: v.published } : {}),
        ...(v.refundHours !== undefined ? { refundHours: v.refundHours } : {}),
        updatedAt: new Date(),
      })
      .where(eq(listings.id, id));
    if (v.slots && locked.kind === "service") {
      // Free slots nobody ever ordered are replaced; held, booked or once-ordered slots stay.
      const existing = await tx.select().from(listingSlots).where(eq(listingSlots.listingId, id));
      const ordered = new Set((await tx.select({ slotId: orderItems.slotId }).from(orderItems).where(eq(orderItems.listingId, id))).map((r) => r.slotId));
      const removable = existing.filter((s) => !s.heldByOrderId && !ordered.has(s.id));
      if (removable.length) await tx.delete(listingSlots).where(inArray(listingSlots.id, removable.map((s) => s.id)));
      const kept = new Set(existing.filter((s) => !removable.includes(s)).map((s) => s.startsAt.getTime()));
      const added = v.slots.filter((s) => !kept.has(s.startsAt.getTime()));
      if (added.length) await tx.insert(listingSlots).values(added.map((s) => ({ listingId: id, startsAt: s.startsAt, endsAt: s.endsAt })));
    }
  });
  return (await listingView(db, id, { includeUnpublished: true }))!;
}

/** Unpublishes every listing of an organisation (its Stripe account was disconnected, say). */
export async function unpublishOrganisationListings(db: Database, organisationId: string): Promise<number> {
  const rows = await db.update(listings).set({ published: false, updatedAt: new Date() }).where(and(eq(listings.organisationId, organisationId), eq(listings.published, true))).returning({ id: listings.id });
  return rows.length;
}

async function viewsOf(db: Database, rows: (ListingRow & { sellerSlug: string; sellerName: string })[]): Promise<ListingView[]> {
  const serviceIds = rows.filter((r) => r.kind === "service").map((r) => r.id);
  const slots = serviceIds.length ? await db.select().from(listingSlots).where(inArray(listingSlots.listingId, serviceIds)).orderBy(asc(listingSlots.startsAt)) : [];
  const now = Date.now();
  return rows.map((r) => {
    const own = slots.filter((s) => s.listingId === r.id).map((s) => ({ id: s.id, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString(), available: !s.heldByOrderId && s.startsAt.getTime() > now }));
    return {
      id: r.id,
      kind: r.kind,
      title: r.title,
      description: r.description,
      amount: r.amount,
      currency: r.currency,
      capacity: r.capacity,
      remaining: r.kind === "service" ? own.filter((s) => s.available).length : r.capacity === null ? null : r.capacity - r.reserved,
      startsAt: r.startsAt?.toISOString() ?? null,
      venue: r.venue,
      published: r.published,
      seller: { slug: r.sellerSlug, name: r.sellerName },
      slots: own,
      createdAt: r.createdAt.toISOString(),
    };
  });
}

function selectWithSeller(db: Database) {
  return db
    .select({ listing: listings, sellerSlug: organisations.slug, sellerName: organisations.name })
    .from(listings)
    .innerJoin(organisations, eq(organisations.id, listings.organisationId));
}

/** One listing as the public sees it (null when unknown or, unless asked, unpublished). */
export async function listingView(db: Database, id: string, opts: { includeUnpublished?: boolean } = {}): Promise<ListingView | null> {
  if (!z.uuid().safeParse(id).success) return null;
  const rows = await selectWithSeller(db).where(eq(listings.id, id)).limit(1);
  const row = rows[0];
  if (!row || (!row.listing.published && !opts.includeUnpublished)) return null;
  return (await viewsOf(db, [{ ...row.listing, sellerSlug: row.sellerSlug, sellerName: row.sellerName }]))[0];
}

/** GET /api/listings and the catalogue page: one query contract. */
export const catalogueQuery = z.object({
  q: z.string().trim().max(100, "Search for at most 100 characters.").optional().transform((v) => v || undefined),
  kind: z.enum(LISTING_KINDS, "kind must be course, event_ticket or service").optional().or(z.literal("").transform(() => undefined)),
  seller: z.string().trim().max(100).optional().transform((v) => v || undefined),
  cursor: z.string().max(200).optional().transform((v) => v || undefined),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type CatalogueQuery = z.input<typeof catalogueQuery>;

function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(iso ?? "");
  if (!id || Number.isNaN(createdAt.getTime())) throw new AppError("validation_failed", "cursor is not one this API gave out. Start again without it.", { param: "cursor" });
  return { createdAt, id };
}

function escapeLike(q: string): string {
  return q.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The public catalogue: published listings, newest first, keyset paged on (created_at, id), with text search
 * over title and description, a kind filter and a seller filter.
 */
export async function searchCatalogue(db: Database, query: CatalogueQuery): Promise<{ listings: ListingView[]; nextCursor: string | null }> {
  const q = catalogueQuery.parse(query);
  const where: SQL[] = [eq(listings.published, true)];
  if (q.kind) where.push(eq(listings.kind, q.kind));
  if (q.seller) where.push(eq(organisations.slug, q.seller));
  if (q.q) {
    const pattern = `%${escapeLike(q.q)}%`;
    const match = or(ilike(listings.title, pattern), ilike(listings.description, pattern));
    if (match) where.push(match);
  }
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    const before = or(lt(listings.createdAt, c.createdAt), and(eq(listings.createdAt, c.createdAt), lt(listings.id, c.id)));
    if (before) where.push(before);
  }
  const rows = await selectWithSeller(db)
    .where(and(...where))
    .orderBy(desc(listings.createdAt), desc(listings.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const views = await viewsOf(db, page.map((r) => ({ ...r.listing, sellerSlug: r.sellerSlug, sellerName: r.sellerName })));
  const last = page[page.length - 1];
  return { listings: views, nextCursor: rows.length > q.limit && last ? encodeCursor(last.listing.createdAt, last.listing.id) : null };
}

/** Every listing of one organisation (published or not), for its seller pages. */
export async function organisationListings(db: Database, organisationId: string): Promise<ListingView[]> {
  const rows = await selectWithSeller(db).where(eq(listings.organisationId, organisationId)).orderBy(desc(listings.createdAt), desc(listings.id));
  return viewsOf(db, rows.map((r) => ({ ...r.listing, sellerSlug: r.sellerSlug, sellerName: r.sellerName })));
}

/** The course content for a buyer with access (null otherwise: the page answers 404). */
export async function courseContentFor(db: Database, listingId: string, userId: string): Promise<{ title: string; content: string } | null> {
  if (!z.uuid().safeParse(listingId).success) return null;
  const [row] = await db
    .select({ title: listings.title, content: listings.content })
    .from(listings)
    .innerJoin(courseAccess, and(eq(courseAccess.listingId, listings.id), eq(courseAccess.userId, userId)))
    .where(and(eq(listings.id, listingId), eq(listings.kind, "course")))
    .limit(1);
  return row ? { title: row.title, content: row.content ?? "" } : null;
}

