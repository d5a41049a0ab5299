import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { getCurrentUser } from "@/lib/auth";
import { formatMoney } from "@/lib/money";
import { listingView } from "@/lib/marketplace/listings";
import { walletBalance, walletCurrency } from "@/lib/wallet/accounts";
import { BuyForm } from "@/components/marketplace/buy-form";
import { KIND_LABELS } from "@/components/marketplace/labels";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { DateTime, formatDate } from "@/components/ui/date";
import { Money } from "@/components/ui/money";

export const dynamic = "force-dynamic";

/** A listing: price, places or slots left, the seller, and the buy button (the only client JavaScript here). */
export default async function ListingPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const db = await getDb();
  const listing = await listingView(db, id);
  if (!listing) notFound();
  const user = await getCurrentUser();
  const balance = user && listing.currency === walletCurrency() ? await walletBalance(db, user.id) : null;
  const soldOut = listing.remaining === 0;
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader title={listing.title} description={`${KIND_LABELS[listing.kind]} by ${listing.seller.name}`} />
      <div className="grid gap-6 md:grid-cols-5">
        <Card className="md:col-span-3" title="About">
          <p className="whitespace-pre-line text-sm text-slate-700" data-testid="listing-description">
            {listing.description}
          </p>
          <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            {listing.startsAt ? (
              <>
                <dt className="text-slate-500">When</dt>
                <dd>
                  <DateTime value={new Date(listing.startsAt)} />
                </dd>
              </>
            ) : null}
            {listing.venue ? (
              <>
                <dt className="text-slate-500">Where</dt>
                <dd>{listing.venue}</dd>
              </>
            ) : null}
            <dt className="text-slate-500">Seller</dt>
            <dd>
              <Link className="underline" href={`/listings/seller/${listing.seller.slug}`}>
                {listing.seller.name}
              </Link>
            </dd>
          </dl>
        </Card>
        <Card className="md:col-span-2" title="Buy">
          <p className="text-3xl font-bold" data-testid="listing-price">
            <Money value={{ amount: listing.amount, currency: listing.currency }} />
          </p>
          <p className="mt-1 text-sm text-slate-600" data-testid="listing-remaining">
            {soldOut ? <Badge tone="red">Sold out</Badge> : listing.remaining === null ? "Places available" : listing.kind === "service" ? `${listing.remaining} free slots` : `${listing.remaining} places left`}
          </p>
          <div className="mt-4">
            {soldOut ? (
              <p className="text-sm text-slate-700">Every place has been taken. Other listings from {listing.seller.name} are on its storefront.</p>
            ) : user ? (
              <BuyForm
                listingId={listing.id}
                kind={listing.kind}
                maxQuantity={listing.remaining}
                slots={listing.slots.map((s) => ({ id: s.id, available: s.available, label: `${formatDate(new Date(s.startsAt))} – ${formatDate(new Date(s.endsAt)).slice(-9)}` }))}
                walletLabel={balance ? `Pay from wallet (${formatMoney(balance)})` : null}
              />
            ) : (
              <ButtonLink href={`/sign-in?callbackUrl=${encodeURIComponent(`/listings/${listing.id}`)}`}>Sign in to buy</ButtonLink>
            )}
          </div>
        </Card>
      </div>
    </div>
  );
}
