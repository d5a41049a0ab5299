import "server-only";
import { inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import { organisations, users } from "@/db/schema";
import { accountOwners } from "@/lib/ledger/accounts";
import { SYSTEM_ACCOUNT_LABELS } from "./labels";

/**
 * Names for counterparty account ids, cached per statement: a statement names few distinct accounts, so an
 * export of a million rows resolves a handful of ids. An organisation's name, else the member's name, else the
 * member's email; accounts without an owner (or whose owner has no name) get the label of their kind.
 */
export class CounterpartyNames {
  private readonly names = new Map<number, string | null>();

  constructor(private readonly db: Database) {}

  /** Resolves every id not seen yet, in three queries at most. */
  async load(ids: Iterable<number | null>): Promise<void> {
    const unknown = new Set<number>();
    for (const id of ids) if (id !== null && !this.names.has(id)) unknown.add(id);
    if (unknown.size === 0) return;
    const owners = await accountOwners(this.db, [...unknown]);
    const userIds = [...new Set(owners.flatMap((o) => (o.ownerUserId ? [o.ownerUserId] : [])))];
    const orgIds = [...new Set(owners.flatMap((o) => (o.ownerOrganisationId ? [o.ownerOrganisationId] : [])))];
    const [userRows, orgRows] = await Promise.all([
      userIds.length ? this.db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, userIds)) : [],
      orgIds.length ? this.db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, orgIds)) : [],
    ]);
    const userName = new Map(userRows.map((u) => [u.id, u.name ?? u.email]));
    const orgName = new Map(orgRows.map((o) => [o.id, o.name]));
    for (const o of owners) {
      const name = (o.ownerOrganisationId ? orgName.get(o.ownerOrganisationId) : undefined) ?? (o.ownerUserId ? userName.get(o.ownerUserId) : undefined);
      this.names.set(o.id, name ? name : SYSTEM_ACCOUNT_LABELS[o.kind]);
    }
    // An id the ledger no longer knows (it cannot happen while accounts are never deleted) reads as unnamed.
    for (const id of unknown) if (!this.names.has(id)) this.names.set(id, null);
  }

  /** The name of an id passed to load() earlier. */
  get(id: number | null): string | null {
    return id === null ? null : (this.names.get(id) ?? null);
  }
}
