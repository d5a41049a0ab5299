import Link from "next/link";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { listUsers, parseUsersQuery, type UsersQuery } from "@/lib/auth/admin-users";
import { isAppError } from "@/lib/errors";
import { AdminNav } from "@/components/admin/admin-nav";
import { UserCommandForm } from "@/components/admin/user-actions";
import { Alert } from "@/components/ui/alert";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date";
import { FilterForm, FilterInput, FilterSubmit } from "@/components/ui/filter-form";

export const metadata = { title: "Users" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AdminUsersPage({ searchParams }: { searchParams: SearchParams }) {
  const admin = await guardPage(requireRole("platform_admin"), "/admin/users");
  const sp = await searchParams;
  const params = new URLSearchParams();
  for (const k of ["q", "filter", "cursor"]) if (typeof sp[k] === "string" && sp[k]) params.set(k, String(sp[k]));
  let query: UsersQuery = { filter: "all" };
  let error: string | null = null;
  try {
    query = parseUsersQuery(params);
  } catch (e) {
    if (!isAppError(e)) throw e;
    error = e.message;
  }
  const page = await listUsers(await getDb(), query);
  const keep = new URLSearchParams(Object.entries({ q: query.q, filter: query.filter === "all" ? undefined : query.filter }).filter((e): e is [string, string] => Boolean(e[1])));
  const next = page.nextCursor ? `/admin/users?${new URLSearchParams([...keep.entries(), ["cursor", page.nextCursor]])}` : null;
  return (
    <div className="space-y-6">
      <PageHeader title="Users" description="Search accounts, see their roles and organisations, grant or revoke platform admin, disable or re-enable an account." />
      <AdminNav current="/admin/users" />
      <Card>
        {error ? <Alert tone="error">{error}</Alert> : null}
        <FilterForm label="Search users" role="search">
          <FilterInput id="users-q" label="Email or name" name="q" type="search" defaultValue={query.q} className="w-64" />
          <div className="space-y-1">
            <label htmlFor="users-filter" className="block text-sm font-medium text-slate-700">Show</label>
            <select id="users-filter" name="filter" defaultValue={query.filter} className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
              <option value="all">Everyone</option>
              <option value="admins">Platform admins</option>
              <option value="disabled">Disabled accounts</option>
            </select>
          </div>
          <FilterSubmit>Search</FilterSubmit>
        </FilterForm>
        <p className="mt-3 text-xs text-slate-600">
          A disabled account can&apos;t sign in and its sessions stop working; its wallet, organisations and ledger history stay. You can&apos;t revoke or disable yourself, and the last active platform admin always stays.
        </p>
      </Card>
      <Card>
        {page.rows.length === 0 ? (
          <EmptyState title="No users">Nobody matches this search.</EmptyState>
        ) : (
          <DataTable
            caption="Users"
            testId="users-table"
            minWidth={880}
            rows={page.rows}
            rowKey={(u) => u.id}
            rowAttributes={(u) => ({ "data-email": u.email })}
            columns={[
              {
                header: "Account",
                cell: (u) => (
                  <div>
                    <p className="font-medium text-slate-900">{u.name ?? "—"}</p>
                    <p className="text-xs text-slate-600">{u.email}</p>
                    <p className="text-xs text-slate-500">
                      Since <DateTime value={u.createdAt} style="day" />
                    </p>
                  </div>
                ),
              },
              {
                header: "Roles",
                cell: (u) => (
                  <div className="flex flex-wrap gap-1" data-testid="user-roles">
                    {u.platformAdmin ? <Badge tone="blue">Platform admin</Badge> : <Badge>Member</Badge>}
                    {u.disabledAt ? <Badge tone="red">Disabled</Badge> : null}
                    {u.id === admin.id ? <Badge tone="green">You</Badge> : null}
                  </div>
                ),
              },
              {
                header: "Organisations",
                cell: (u) =>
                  u.organisations.length === 0 ? (
                    <span className="text-slate-500">None</span>
                  ) : (
                    <ul className="space-y-0.5 text-xs">
                      {u.organisations.map((o) => (
                        <li key={o.slug}>
                          <Link className="text-brand-700 hover:underline" href={`/orgs/${o.slug}`}>{o.name}</Link> <span className="text-slate-500">({o.role})</span>
                        </li>
                      ))}
                    </ul>
                  ),
              },
              {
                header: "Disabled",
                cell: (u) =>
                  u.disabledAt ? (
                    <span className="text-xs">
                      <DateTime value={u.disabledAt} />: {u.disabledReason}
                    </span>
                  ) : (
                    <span className="text-slate-500">—</span>
                  ),
              },
              {
                header: "Actions",
                hideHeader: true,
                cell: (u) =>
                  u.id === admin.id ? (
                    <span className="text-xs text-slate-500">Another admin can change your account.</span>
                  ) : (
                    <div className="space-y-2">
                      <UserCommandForm userId={u.id} email={u.email} command={u.platformAdmin ? "revoke_admin" : "make_admin"} />
                      <UserCommandForm userId={u.id} email={u.email} command={u.disabledAt ? "enable" : "disable"} />
                    </div>
                  ),
              },
            ]}
          />
        )}
        {next ? (
          <p className="mt-3 text-right">
            <Link className="text-sm font-medium text-brand-700 hover:underline" href={next}>More →</Link>
          </p>
        ) : null}
      </Card>
    </div>
  );
}
