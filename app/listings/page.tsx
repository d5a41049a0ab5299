import Link from "next/link";
import { getDb } from "@/db/client";
import { isAppError } from "@/lib/errors";
import { catalogueQuery, searchCatalogue, type ListingView } from "@/lib/marketplace/listings";
import { ListingCard } from "@/components/marketplace/listing-card";
import { KIND_LABELS } from "@/components/marketplace/labels";
import { Alert } from "@/components/ui/alert";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";

export const dynamic = "force-dynamic";
export const metadata = { title: "Listings" };

type Search = Record<string, string | string[] | undefined>;

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** The public catalogue: search, kind filter, keyset pages ("More"). Server-rendered, no client JavaScript. */
export default async function ListingsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  const raw = { q: first(sp.q), kind: first(sp.kind), cursor: first(sp.cursor) };
  const parsed = catalogueQuery.safeParse(raw);
  let result: { listings: ListingView[]; nextCursor: string | null } = { listings: [], nextCursor: null };
  let problem: string | null = parsed.success ? null : (parsed.error.issues[0]?.message ?? "That search can't be run.");
  if (parsed.success) {
    try {
      result = await searchCatalogue(await getDb(), parsed.data);
    } catch (e) {
      if (!isAppError(e)) throw e;
      problem = e.message;
    }
  }
  const next = new URLSearchParams();
  if (parsed.success && parsed.data.q) next.set("q", parsed.data.q);
  if (parsed.success && parsed.data.kind) next.set("kind", parsed.data.kind);
  if (result.nextCursor) next.set("cursor", result.nextCursor);
  return (
    <div className="space-y-6">
      <PageHeader title="Listings" description="Courses, event tickets and bookable services from Plaza's sellers." />
      <form method="get" action="/listings" className="flex flex-col gap-3 sm:flex-row sm:items-end" role="search">
        <div className="flex-1 space-y-1">
          <label htmlFor="catalogue-q" className="block text-sm font-medium text-slate-700">
            Search
          </label>
          <input id="catalogue-q" name="q" type="search" defaultValue={raw.q ?? ""} maxLength={100} placeholder="Sailing, regatta, coaching…" className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
        </div>
        <div className="space-y-1">
          <label htmlFor="catalogue-kind" className="block text-sm font-medium text-slate-700">
            Kind
          </label>
          <select id="catalogue-kind" name="kind" defaultValue={raw.kind ?? ""} className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm sm:w-48">
            <option value="">Everything</option>
            {Object.entries(KIND_LABELS).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className={buttonClass("primary")}>
          Search
        </button>
      </form>
      {problem ? <Alert tone="warning">{problem}</Alert> : null}
      {result.listings.length === 0 && !problem ? (
        <EmptyState title="Nothing found">Try another word or kind.</EmptyState>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2" data-testid="catalogue">
          {result.listings.map((l) => (
            <ListingCard key={l.id} listing={l} />
          ))}
        </ul>
      )}
      {result.nextCursor ? (
        <Link href={`/listings?${next.toString()}`} className={buttonClass("secondary")} data-testid="catalogue-more">
          More listings
        </Link>
      ) : null}
    </div>
  );
}
