import Link from "next/link";
import { DataTable, type Column } from "@/components/ui/data-table";

/** One organisation in the admin overview. */
export interface OrganisationOverviewRow {
  id: string;
  slug: string;
  name: string;
  kind: string;
  members: number;
}

const COLUMNS: readonly Column<OrganisationOverviewRow>[] = [
  {
    header: "Name",
    cell: (o) => (
      <Link className="text-brand-700 hover:underline" href={`/orgs/${o.slug}`}>
        {o.name}
      </Link>
    ),
  },
  { header: "Kind", className: "capitalize", cell: (o) => o.kind },
  { header: "People", align: "right", className: "tabular-nums", cell: (o) => o.members },
];

export function OrganisationsTable({ rows }: { rows: OrganisationOverviewRow[] }) {
  return <DataTable caption="Organisations" columns={COLUMNS} rows={rows} rowKey={(o) => o.id} />;
}
