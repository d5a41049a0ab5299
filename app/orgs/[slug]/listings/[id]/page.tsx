import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { ORG_MANAGERS, requireOrgRole } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { minorToMajorString } from "@/lib/money";
import { listingView } from "@/lib/marketplace/listings";
import { ListingForm } from "@/components/marketplace/listing-form";
import { ButtonLink } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";

export const dynamic = "force-dynamic";
export const metadata = { title: "Edit listing" };

export default async function EditListingPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const { organisation } = await guardPage(requireOrgRole(slug, ORG_MANAGERS), `/orgs/${slug}/listings/${id}`);
  const listing = await listingView(await getDb(), id, { includeUnpublished: true });
  if (!listing || listing.seller.slug !== organisation.slug) notFound();
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <PageHeader
        title={`Edit “${listing.title}”`}
        actions={
          <ButtonLink href={`/orgs/${organisation.slug}/listings`} variant="secondary">
            All listings
          </ButtonLink>
        }
      />
      <Card>
        <ListingForm
          slug={organisation.slug}
          currency={listing.currency}
          listingId={listing.id}
          initial={{
            kind: listing.kind,
            title: listing.title,
            description: listing.description,
            content: "",
            amount: minorToMajorString(listing.amount, listing.currency),
            capacity: listing.capacity === null ? "" : String(listing.capacity),
            startsAt: listing.startsAt ? listing.startsAt.slice(0, 16) : "",
            venue: listing.venue ?? "",
            slots: listing.slots.map((s) => `${s.startsAt.slice(0, 16)} ${s.endsAt.slice(0, 16)}`).join("\n"),
            published: listing.published,
          }}
        />
      </Card>
    </div>
  );
}
