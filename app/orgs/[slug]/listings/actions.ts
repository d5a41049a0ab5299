"use server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { ORG_MANAGERS, requireOrgRole } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { parseWith } from "@/lib/http/respond";
import { createListing, createListingRequest, listingView, updateListing, updateListingRequest } from "@/lib/marketplace/listings";
import { amountFromForm, FieldError, formValues, stateFromError, type ActionState } from "@/components/forms/action-state";

const FIELDS = ["kind", "title", "description", "content", "amount", "capacity", "startsAt", "venue", "slots", "published"];

/** "2030-05-01T10:00" from a datetime-local input, read as UTC. */
function utc(value: string): string {
  return /Z$|[+-]\d\d:\d\d$/.test(value) ? value : `${value.length === 16 ? `${value}:00` : value}Z`;
}

/** One slot per line: "2030-05-01T10:00 2030-05-01T11:00" (UTC). */
function slotsFrom(text: string): { startsAt: string; endsAt: string }[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [s, e] = line.split(/\s+/);
      if (!s || !e) throw new FieldError("slots", `Write each slot as its start and end, like "2030-05-01T10:00 2030-05-01T11:00" (got "${line}").`);
      return { startsAt: utc(s), endsAt: utc(e) };
    });
}

/** The seller's form as the listing contract's body (the same schema as the JSON API). */
function listingBody(formData: FormData, currency: string) {
  const text = (n: string) => String(formData.get(n) ?? "").trim();
  const capacity = text("capacity");
  return {
    title: text("title"),
    description: text("description"),
    content: text("content") || null,
    amount: amountFromForm(formData, "amount", currency),
    capacity: capacity ? Number(capacity) : null,
    startsAt: text("startsAt") ? utc(text("startsAt")) : null,
    venue: text("venue") || null,
    ...(text("slots") ? { slots: slotsFrom(text("slots")) } : {}),
    published: formData.get("published") === "on",
  };
}

export async function createListingAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData, FIELDS);
  const slug = String(formData.get("slug") ?? "");
  try {
    const { organisation } = await requireOrgRole(slug, ORG_MANAGERS);
    const input = parseWith(createListingRequest, { kind: String(formData.get("kind") ?? ""), ...listingBody(formData, organisation.currency) });
    const listing = await createListing(await getDb(), organisation, input);
    revalidatePath(`/orgs/${slug}/listings`);
    return { success: `"${listing.title}" was created${listing.published ? " and published" : " as a draft"}.` };
  } catch (e) {
    return stateFromError(e, values);
  }
}

export async function updateListingAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData, FIELDS);
  const slug = String(formData.get("slug") ?? "");
  const id = String(formData.get("listingId") ?? "");
  try {
    const { organisation } = await requireOrgRole(slug, ORG_MANAGERS);
    const db = await getDb();
    const current = await listingView(db, id, { includeUnpublished: true });
    if (!current || current.seller.slug !== organisation.slug) throw new AppError("listing_not_found", "No such listing.");
    // The edit form does not show the course content again: an empty field keeps what is there.
    const { content, ...rest } = listingBody(formData, current.currency);
    const input = parseWith(updateListingRequest, content ? { ...rest, content } : rest);
    const listing = await updateListing(db, id, input);
    revalidatePath(`/orgs/${slug}/listings`);
    return { success: `Saved${listing.published ? "; it is published" : "; it is not published"}.` };
  } catch (e) {
    return stateFromError(e, values);
  }
}

/** Publish or unpublish from the listings table. */
export async function setPublishedAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const slug = String(formData.get("slug") ?? "");
  const id = String(formData.get("listingId") ?? "");
  const published = formData.get("published") === "true";
  try {
    const { organisation } = await requireOrgRole(slug, ORG_MANAGERS);
    const db = await getDb();
    const current = await listingView(db, id, { includeUnpublished: true });
    if (!current || current.seller.slug !== organisation.slug) throw new AppError("listing_not_found", "No such listing.");
    await updateListing(db, id, { published });
    revalidatePath(`/orgs/${slug}/listings`);
    return { success: published ? "Published." : "Unpublished." };
  } catch (e) {
    return stateFromError(e, {});
  }
}
