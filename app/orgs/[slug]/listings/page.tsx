import Link from "next/link";
import { getDb } from "@/db/client";
import { ORG_MANAGERS, requireOrgRole } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { canSell } from "@/lib/connect/can-sell";
import { organisationListings } from "@/lib/marketplace/listings";
import { organisationOrders } from "@/lib/marketplace/orders";
import { setPublishedAction } from "./actions";
import { KIND_LABELS, ORDER_STATUS_LABELS, ORDER_STATUS_TONE } from "@/components/marketplace/labels";
import { ListingForm, PublishToggle } from "@/components/marketplace/listing-form";
import { Alert } from "@/components/ui/alert";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date";
import { Money } from "@/components/ui/money";

export const dynamic = "force-dynamic";
export const metadata = { title: "Listings" };

/** The seller's listings (create, publish, unpublish, edit) and its orders. */
export default async function SellerListingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { organisation } = await guardPage(requireOrgRole(slug, ORG_MANAGERS), `/orgs/${slug}/listings`);
  const db = await getDb();
  const [listings, status, orders] = await Promise.all([organisationListings(db, organisation.id), canSell(db, organisation.id), organisationOrders(db, organisation.id, 50)]);
  return (
    <div className="space-y-6">
      <PageHeader
        title={`${organisation.name}: listings`}
        description="What you sell on Plaza."
        actions={
          <Link className="text-sm font-medium underline" href={`/orgs/${organisation.slug}/disputes`}>
            Disputes and refunds
          </Link>
        }
      />
      {!status.canSell ? (
        <Alert tone="warning" title="You can't publish listings yet" testId="seller-not-ready">
          <ul className="list-disc pl-5">
            {status.reasons.map((r) => (
              <li key={r.code}>
                {r.message} {r.action}
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}
      <Card title="Your listings">
        {listings.length === 0 ? (
          <EmptyState title="No listings yet">Create one below.</EmptyState>
        ) : (
          <DataTable
            caption="Your listings"
            testId="seller-listings"
            bleed
            minWidth={720}
            rows={listings}
            rowKey={(l) => l.id}
            rowAttributes={(l) => ({ "data-testid": "seller-listing", "data-published": String(l.published) })}
            columns={[
              {
                header: "Title",
                cell: (l) => (
                  <Link className="font-medium underline" href={`/orgs/${organisation.slug}/listings/${l.id}`}>
                    {l.title}
                  </Link>
                ),
              },
              { header: "Kind", cell: (l) => KIND_LABELS[l.kind] },
              { header: "Price", align: "right", cell: (l) => <Money value={{ amount: l.amount, currency: l.currency }} /> },
              { header: "Left", align: "right", cell: (l) => (l.remaining === null ? "∞" : l.remaining) },
              { header: "Status", cell: (l) => (l.published ? <Badge tone="green">Published</Badge> : <Badge>Draft</Badge>) },
              { header: "Actions", hideHeader: true, align: "right", cell: (l) => <PublishToggle slug={organisation.slug} listingId={l.id} published={l.published} action={setPublishedAction} /> },
            ]}
          />
        )}
      </Card>
      <Card title="New listing">
        <ListingForm slug={organisation.slug} currency={organisation.currency} />
      </Card>
      <Card title="Orders">
        {orders.length === 0 ? (
          <EmptyState title="No orders yet">Orders for your listings show here.</EmptyState>
        ) : (
          <DataTable
            caption="Orders"
            bleed
            minWidth={640}
            rows={orders}
            rowKey={(o) => o.id}
            columns={[
              { header: "Date", nowrap: true, cell: (o) => <DateTime value={new Date(o.createdAt)} /> },
              { header: "Buyer", cell: (o) => o.buyerEmail },
              {
                header: "What",
                cell: (o) => (
                  <Link className="underline" href={`/orgs/${organisation.slug}/orders/${o.id}`}>
                    {o.items.map((i) => i.title).join(", ")}
                  </Link>
                ),
              },
              {
                header: "Status",
                cell: (o) => (
                  <span className="flex flex-wrap gap-1">
                    <Badge tone={ORDER_STATUS_TONE[o.status]}>{ORDER_STATUS_LABELS[o.status]}</Badge>
                    {o.disputes.some((d) => !["won", "lost", "warning_closed"].includes(d.status)) ? <Badge tone="red">Disputed</Badge> : null}
                  </span>
                ),
              },
              { header: "Amount", align: "right", cell: (o) => <Money value={{ amount: o.amount, currency: o.currency }} /> },
              { header: "Plaza fee", align: "right", cell: (o) => <Money value={{ amount: o.platformFee, currency: o.currency }} /> },
              {
                header: "Booking",
                hideHeader: true,
                align: "right",
                cell: (o) =>
                  o.status === "authorised" ? (
                    <Link className="text-sm font-medium underline" href={`/orgs/${organisation.slug}/orders/${o.id}`} data-testid="review-booking">
                      Confirm or decline
                    </Link>
                  ) : null,
              },
            ]}
          />
        )}
      </Card>
    </div>
  );
}
