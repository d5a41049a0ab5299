import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { AppError, validationError } from "@/lib/errors";
import { optStr, queryRows, str, date } from "@/lib/ledger/sql-values";
import { text } from "@/lib/validation/text";
import type { OrgRoleName } from "./users";

/**
 * Platform admins managing accounts (/admin/users, /api/admin/users): list and search, grant or revoke the
 * platform admin role, disable or re-enable an account. A disabled account cannot sign in and its sessions
 * stop at the next request (getCurrentUser re-reads the account; the JWT callback drops it within 30 s), and
 * stay ended after a re-enable (`sessions_valid_after`: the account signs in again); its
 * wallet, organisations and ledger history stay as they are. Guard rails: nobody revokes or disables
 * themselves, and the last active platform admin always stays. Every change is kept with its reason.
 */

export const USER_COMMANDS = ["make_admin", "revoke_admin", "disable", "enable"] as const;
export type UserCommandName = (typeof USER_COMMANDS)[number];

/** The one schema of a command, for POST /api/admin/users/{id}/{command} and the page's server action. */
export const userCommandRequest = z.object({
  action: z.enum(USER_COMMANDS, { error: "action must be make_admin, revoke_admin, disable or enable" }),
  reason: text({ min: 3, max: 500, requiredMessage: "Give a reason of at least 3 characters.", maxMessage: "Use at most 500 characters." }),
});
export type UserCommandRequest = z.infer<typeof userCommandRequest>;
/** The JSON body of POST /api/admin/users/{id}/{command}: the command itself is the URL's last segment. */
export const userCommandBody = userCommandRequest.omit({ action: true });

/** The URL segment of a command (`make-admin`) as its name, or null for a segment that names none. */
export function userCommandFromPath(segment: string): UserCommandName | null {
  const name = segment.replaceAll("-", "_");
  return (USER_COMMANDS as readonly string[]).includes(name) ? (name as UserCommandName) : null;
}

export interface AdminUserRow {
  id: string;
  email: string;
  name: string | null;
  platformAdmin: boolean;
  disabledAt: Date | null;
  disabledReason: string | null;
  createdAt: Date;
  organisations: { slug: string; name: string; role: OrgRoleName }[];
}

export const usersQuery = z.object({
  q: text({ max: 200 }).optional(),
  filter: z.enum(["all", "admins", "disabled"], { error: "filter must be all, admins or disabled" }).default("all"),
  cursor: z.string().max(400, "cursor is not one this list gave").optional(),
});
export type UsersQuery = z.infer<typeof usersQuery>;

export function parseUsersQuery(params: URLSearchParams): UsersQuery {
  const parsed = usersQuery.safeParse({ q: params.get("q") || undefined, filter: params.get("filter") || undefined, cursor: params.get("cursor") || undefined });
  if (!parsed.success) throw validationError(parsed.error.issues);
  return parsed.data;
}

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Users by email (keyset on the email, which is unique), searched by email or name, with roles and organisations. */
export async function listUsers(db: Database, query: UsersQuery, limit = 50): Promise<{ rows: AdminUserRow[]; nextCursor: string | null }> {
  const conds = [sql`true`];
  if (query.q) conds.push(sql`(u.email ilike ${likePattern(query.q)} or u.name ilike ${likePattern(query.q)})`);
  if (query.filter === "admins") conds.push(sql`u.is_platform_admin`);
  if (query.filter === "disabled") conds.push(sql`u.disabled_at is not null`);
  if (query.cursor) conds.push(sql`u.email > ${query.cursor}`);
  const rows = await selectUsers(db, conds, limit + 1);
  const list = rows.slice(0, limit);
  const last = list[list.length - 1];
  return { rows: list, nextCursor: rows.length > limit && last ? last.email : null };
}

async function selectUsers(db: Database, conds: SQL[], limit: number): Promise<AdminUserRow[]> {
  const rows = await queryRows(
    db,
    sql`select u.id, u.email, u.name, u.is_platform_admin, u.disabled_at, u.disabled_reason, u.created_at,
               coalesce((select json_agg(json_build_object('slug', o.slug, 'name', o.name, 'role', m.role) order by o.name, o.id)
                         from memberships m join organisations o on o.id = m.organisation_id where m.user_id = u.id), '[]'::json)::text as orgs
        from users u
        where ${sql.join(conds, sql` and `)}
        order by u.email
        limit ${limit}`,
  );
  return rows.map((r) => ({
    id: str(r.id),
    email: str(r.email),
    name: optStr(r.name),
    platformAdmin: r.is_platform_admin === true || r.is_platform_admin === "t",
    disabledAt: r.disabled_at ? date(r.disabled_at) : null,
    disabledReason: optStr(r.disabled_reason),
    createdAt: date(r.created_at),
    organisations: JSON.parse(str(r.orgs)) as AdminUserRow["organisations"],
  }));
}

export interface UserCommandResult {
  user: AdminUserRow;
  /** False when the account was already in that state (nothing written). */
  changed: boolean;
}

const SELF_MESSAGES: Partial<Record<UserCommandName, string>> = {
  revoke_admin: "You can't revoke your own platform admin role. Ask another platform admin.",
  disable: "You can't disable your own account. Ask another platform admin.",
};

/**
 * Applies one command in one transaction. The active admins' rows are locked first (in id order, so two admins
 * acting at once queue instead of both passing the last-admin check), then the account.
 */
export async function applyUserCommand(db: Database, actorUserId: string, userId: string, input: unknown): Promise<UserCommandResult> {
  const parsed = userCommandRequest.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const { action, reason } = parsed.data;
  if (!z.string().max(100).safeParse(userId).success || /[\u0000-\u001f]/.test(userId)) throw new AppError("not_found", "No such user.");
  if (userId === actorUserId && SELF_MESSAGES[action]) throw new AppError("cannot_change_self", SELF_MESSAGES[action] ?? "");
  const changed = await db.transaction(async (tx) => {
    const admins = await queryRows(tx, sql`select id from users where is_platform_admin and disabled_at is null order by id for update`);
    const [target] = await queryRows(tx, sql`select id, is_platform_admin, disabled_at from users where id = ${userId} for update`);
    if (!target) throw new AppError("not_found", "No such user.");
    const isAdmin = target.is_platform_admin === true;
    const isDisabled = Boolean(target.disabled_at);
    const isActiveAdmin = isAdmin && !isDisabled;
    if ((action === "revoke_admin" || action === "disable") && isActiveAdmin && admins.filter((a) => str(a.id) !== userId).length === 0) {
      throw new AppError("last_admin", action === "disable" ? "This is the last active platform admin: make someone else a platform admin before disabling this account." : "This is the last active platform admin: make someone else a platform admin first.");
    }
    const already = (action === "make_admin" && isAdmin) || (action === "revoke_admin" && !isAdmin) || (action === "disable" && isDisabled) || (action === "enable" && !isDisabled);
    if (already) return false;
    if (action === "make_admin" || action === "revoke_admin") {
      await tx.execute(sql`update users set is_platform_admin = ${action === "make_admin"} where id = ${userId}`);
    } else if (action === "disable") {
      await tx.execute(sql`update users set disabled_at = now(), disabled_reason = ${reason}, disabled_by = ${actorUserId}, sessions_valid_after = now() where id = ${userId}`);
      // Every session signed in before now ends for good (loadRoles), even after a re-enable; and database
      // sessions, if an adapter ever writes them.
      await tx.execute(sql`delete from sessions where user_id = ${userId}`);
    } else {
      await tx.execute(sql`update users set disabled_at = null, disabled_reason = null, disabled_by = null where id = ${userId}`);
    }
    await tx.execute(sql`insert into user_admin_actions (id, user_id, actor_user_id, action, reason) values (${crypto.randomUUID()}, ${userId}, ${actorUserId}, ${action}, ${reason})`);
    return true;
  });
  const user = await getAdminUser(db, userId);
  if (!user) throw new AppError("not_found", "No such user.");
  return { user, changed };
}

export async function getAdminUser(db: Database, userId: string): Promise<AdminUserRow | null> {
  return (await selectUsers(db, [sql`u.id = ${userId}`], 1))[0] ?? null;
}

/** An account's admin history (role changes, disable and enable) with reasons, newest first. */
export async function userAdminHistory(db: Database, userId: string, limit = 20) {
  const rows = await queryRows(
    db,
    sql`select a.id, a.action, a.reason, a.created_at, u.email as actor_email
        from user_admin_actions a left join users u on u.id = a.actor_user_id
        where a.user_id = ${userId} order by a.created_at desc, a.id desc limit ${limit}`,
  );
  return rows.map((r) => ({ id: str(r.id), action: str(r.action) as UserCommandName, reason: str(r.reason), createdAt: date(r.created_at), actorEmail: optStr(r.actor_email) }));
}

/** An account as the JSON API answers it (dates ISO 8601). */
export function adminUserJson(u: AdminUserRow) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    platformAdmin: u.platformAdmin,
    disabled: u.disabledAt !== null,
    disabledAt: u.disabledAt?.toISOString() ?? null,
    disabledReason: u.disabledReason,
    createdAt: u.createdAt.toISOString(),
    organisations: u.organisations,
  };
}
