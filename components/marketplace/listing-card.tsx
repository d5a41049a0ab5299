import Link from "next/link";
import type { ListingView } from "@/lib/marketplace/listings";
import { Money } from "@/components/ui/money";
import { Badge } from "@/components/ui/card";
import { formatDate } from "@/components/ui/date";
import { KIND_LABELS } from "./labels";

/** One listing in the catalogue: what it is, its price, places left and the seller. */
export function ListingCard({ listing }: { listing: ListingView }) {
  const soldOut = listing.remaining === 0;
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="listing-card" data-listing-id={listing.id}>
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <Badge tone="blue">{KIND_LABELS[listing.kind]}</Badge>
          <h2 className="mt-2 text-base font-semibold text-slate-900">
            <Link href={`/listings/${listing.id}`} className="hover:text-brand-700">
              {listing.title}
            </Link>
          </h2>
          <p className="mt-1 line-clamp-2 text-sm text-slate-600">{listing.description}</p>
        </div>
        <Money value={{ amount: listing.amount, currency: listing.currency }} className="text-base font-semibold" />
      </div>
      <p className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-500">
        <span>
          by{" "}
          <Link href={`/listings/seller/${listing.seller.slug}`} className="underline">
            {listing.seller.name}
          </Link>
        </span>
        {listing.startsAt ? <span>{formatDate(new Date(listing.startsAt))}</span> : null}
        {listing.venue ? <span>{listing.venue}</span> : null}
        <span className={soldOut ? "font-semibold text-red-700" : undefined}>
          {soldOut ? "Sold out" : listing.remaining === null ? "Places available" : `${listing.remaining} ${listing.kind === "service" ? "free slots" : "left"}`}
        </span>
      </p>
    </li>
  );
}
