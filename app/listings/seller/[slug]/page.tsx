import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { searchCatalogue } from "@/lib/marketplace/listings";
import { findOrganisationBySlug } from "@/lib/orgs/organisations";
import { ListingCard } from "@/components/marketplace/listing-card";
import { EmptyState, PageHeader } from "@/components/ui/card";

export const dynamic = "force-dynamic";

/** A seller's storefront: its published listings. */
export default async function StorefrontPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const db = await getDb();
  const org = await findOrganisationBySlug(db, slug);
  if (!org) notFound();
  const { listings } = await searchCatalogue(db, { seller: org.slug, limit: 50 });
  return (
    <div className="space-y-6">
      <PageHeader title={org.name} description="Everything this seller offers on Plaza." />
      {listings.length === 0 ? (
        <EmptyState title="Nothing on sale right now">Come back later.</EmptyState>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2" data-testid="storefront">
          {listings.map((l) => (
            <ListingCard key={l.id} listing={l} />
          ))}
        </ul>
      )}
    </div>
  );
}
