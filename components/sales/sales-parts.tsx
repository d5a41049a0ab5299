import Link from "next/link";
import type { SalesTotals, SellerOrderRow, TopListing } from "@/lib/marketplace/sales";
import { Money } from "@/components/ui/money";
import { DataTable } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date";
import { Badge } from "@/components/ui/card";

const INPUT = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm";

const STATUS_TONE: Record<SellerOrderRow["status"], "slate" | "green" | "amber" | "red" | "blue"> = {
  awaiting_payment: "amber",
  authorised: "blue",
  paid: "green",
  partially_refunded: "amber",
  refunded: "slate",
  released: "slate",
  cancelled: "slate",
  expired: "slate",
};

const KIND_LABEL: Record<string, string> = { course: "Course", event_ticket: "Event ticket", service: "Service" };

/** The dashboard's filters, a plain GET form (the page reads them; nothing is written). */
export function SalesFilters({ action, values }: { action: string; values: { from: string; to: string; interval: string; status: string; kind: string } }) {
  return (
    <form method="get" action={action} className="grid grid-cols-1 gap-3 sm:grid-cols-3 lg:grid-cols-6 lg:items-end" aria-label="Sales filters">
      <div>
        <label htmlFor="sales-from" className="mb-1 block text-sm font-medium text-slate-700">
          From
        </label>
        <input id="sales-from" name="from" type="date" defaultValue={values.from} className={INPUT} />
      </div>
      <div>
        <label htmlFor="sales-to" className="mb-1 block text-sm font-medium text-slate-700">
          To
        </label>
        <input id="sales-to" name="to" type="date" defaultValue={values.to} className={INPUT} />
      </div>
      <div>
        <label htmlFor="sales-interval" className="mb-1 block text-sm font-medium text-slate-700">
          Chart by
        </label>
        <select id="sales-interval" name="interval" defaultValue={values.interval} className={INPUT}>
          <option value="day">Day</option>
          <option value="week">Week</option>
          <option value="month">Month</option>
        </select>
      </div>
      <div>
        <label htmlFor="sales-status" className="mb-1 block text-sm font-medium text-slate-700">
          Order status
        </label>
        <select id="sales-status" name="status" defaultValue={values.status} className={INPUT}>
          <option value="">Any</option>
          <option value="paid">Paid</option>
          <option value="partially_refunded">Partially refunded</option>
          <option value="refunded">Refunded</option>
          <option value="authorised">Authorised</option>
          <option value="awaiting_payment">Awaiting payment</option>
          <option value="released">Released</option>
          <option value="cancelled">Cancelled</option>
          <option value="expired">Expired</option>
        </select>
      </div>
      <div>
        <label htmlFor="sales-kind" className="mb-1 block text-sm font-medium text-slate-700">
          Kind
        </label>
        <select id="sales-kind" name="kind" defaultValue={values.kind} className={INPUT}>
          <option value="">Any</option>
          <option value="course">Courses</option>
          <option value="event_ticket">Event tickets</option>
          <option value="service">Services</option>
        </select>
      </div>
      <div className="flex gap-2">
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700">
          Show
        </button>
        <Link href={action} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50">
          Reset
        </Link>
      </div>
    </form>
  );
}

export function SalesTotalsGrid({ totals, currency }: { totals: SalesTotals; currency: string }) {
  const items = [
    { key: "gross", label: "Gross sales", value: totals.gross, note: `${totals.orders} order${totals.orders === 1 ? "" : "s"}` },
    { key: "fees", label: "Platform fees", value: -totals.fees, note: "As charged on each order" },
    { key: "refunds", label: "Refunds", value: -totals.refunds, note: "Made in this period" },
    { key: "net", label: "Net", value: totals.net, note: "Gross less fees and refunds" },
  ];
  return (
    <dl className="grid grid-cols-2 gap-4 lg:grid-cols-4" data-testid="sales-totals">
      {items.map((i) => (
        <div key={i.key} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <dt className="text-sm text-slate-600">{i.label}</dt>
          <dd className="mt-1 text-xl font-bold text-slate-900 sm:text-2xl" data-testid={`sales-total-${i.key}`} data-amount={Math.abs(i.value)}>
            <Money value={{ amount: i.value, currency }} />
          </dd>
          <dd className="mt-1 text-xs text-slate-500">{i.note}</dd>
        </div>
      ))}
    </dl>
  );
}

export function TopListingsTable({ rows, currency }: { rows: TopListing[]; currency: string }) {
  return (
    <DataTable
      caption="Top listings by gross sales"
      rowKey={(r) => r.listingId}
      rows={rows}
      testId="sales-top-listings"
      columns={[
        { header: "Listing", cell: (r) => <Link href={`/listings/${r.listingId}`} className="font-medium text-brand-700 hover:underline">{r.title}</Link> },
        { header: "Kind", cell: (r) => KIND_LABEL[r.kind] ?? r.kind },
        { header: "Sold", cell: (r) => r.quantity, align: "right" },
        { header: "Gross", cell: (r) => <Money value={{ amount: r.gross, currency }} />, align: "right" },
      ]}
    />
  );
}

export function SalesOrdersTable({ rows }: { rows: SellerOrderRow[] }) {
  return (
    <DataTable
      caption="Orders, newest first"
      rowKey={(r) => r.id}
      rows={rows}
      testId="sales-orders"
      minWidth={880}
      rowAttributes={(r) => ({ "data-testid": "sales-order", "data-status": r.status })}
      columns={[
        { header: "Created", cell: (r) => <DateTime value={r.createdAt} />, nowrap: true },
        { header: "Buyer", cell: (r) => <span className="break-all">{r.buyerEmail}</span> },
        { header: "Items", cell: (r) => r.items },
        { header: "Status", cell: (r) => <Badge tone={STATUS_TONE[r.status]}>{r.status.replace("_", " ")}</Badge> },
        { header: "Amount", cell: (r) => <Money value={{ amount: r.amount, currency: r.currency }} />, align: "right" },
        { header: "Fee", cell: (r) => <Money value={{ amount: r.platformFee, currency: r.currency }} />, align: "right" },
        { header: "Refunded", cell: (r) => <Money value={{ amount: r.refunded, currency: r.currency }} />, align: "right" },
      ]}
    />
  );
}
