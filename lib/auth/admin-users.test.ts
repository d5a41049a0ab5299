import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing";
import { memberships, organisations, userAdminActions, users } from "@/db/schema";
import { isAppError } from "@/lib/errors";
import { applyUserCommand, listUsers, userCommandFromPath, userCommandRequest, userAdminHistory } from "./admin-users";
import { authorizeCredentials, DisabledSignIn } from "./credentials";
import { createUser, loadCurrentUser, loadRoles } from "./users";

const drivers = await testDrivers();

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("the user command schema", () => {
  it("is shared by the route and the form: a command name and a reason", () => {
    expect(userCommandFromPath("make-admin")).toBe("make_admin");
    expect(userCommandFromPath("revoke-admin")).toBe("revoke_admin");
    expect(userCommandFromPath("delete")).toBeNull();
    expect(userCommandRequest.safeParse({ action: "disable", reason: "  Spam account  " }).data).toEqual({ action: "disable", reason: "Spam account" });
    expect(userCommandRequest.safeParse({ action: "disable", reason: "x" }).success).toBe(false);
    expect(userCommandRequest.safeParse({ action: "disable", reason: "bad\u0000reason" }).success).toBe(false);
    expect(userCommandRequest.safeParse({ action: "wipe", reason: "because" }).success).toBe(false);
  });
});

describe.each(drivers)("managing users on %s", (driver) => {
  let t: TestDatabase;
  let admin: { id: string; email: string };
  let n = 0;
  const password = "correct horse battery";
  beforeAll(async () => {
    t = await createTestDatabase(driver);
    admin = await createUser(t.db, { email: `root-${driver}@plaza.test`, name: "Root Admin", password, isPlatformAdmin: true });
  });
  afterAll(async () => t?.close());

  async function person(name: string, isPlatformAdmin = false) {
    n++;
    return createUser(t.db, { email: `${name}-${n}-${driver}@plaza.test`, name: `${name} ${n}`, password, isPlatformAdmin });
  }
  const headers = (ip: string) => new Headers({ "x-forwarded-for": ip });

  it("lists users by email, searches email and name, shows organisations, and pages by keyset", async () => {
    const ann = await person("annsearch");
    await person("bobsearch");
    const [org] = await t.db.insert(organisations).values({ slug: `search-club-${driver}`, name: "Search Club", kind: "club" }).returning();
    await t.db.insert(memberships).values({ organisationId: org.id, userId: ann.id, role: "staff" });
    const found = await listUsers(t.db, { filter: "all", q: "ANNSEARCH" });
    expect(found.rows.map((r) => r.email)).toEqual([ann.email]);
    expect(found.rows[0].organisations).toEqual([{ slug: org.slug, name: "Search Club", role: "staff" }]);
    expect((await listUsers(t.db, { filter: "all", q: `annsearch ${n - 1}` })).rows.map((r) => r.id)).toEqual([ann.id]);
    // A LIKE wildcard typed in the search is a character, not "anything".
    expect((await listUsers(t.db, { filter: "all", q: "%" })).rows).toEqual([]);
    const first = await listUsers(t.db, { filter: "all" }, 2);
    expect(first.rows).toHaveLength(2);
    expect(first.nextCursor).toBe(first.rows[1].email);
    const second = await listUsers(t.db, { filter: "all", cursor: first.nextCursor ?? undefined }, 2);
    expect(second.rows[0].email > first.rows[1].email).toBe(true);
    expect((await listUsers(t.db, { filter: "admins" })).rows.every((r) => r.platformAdmin)).toBe(true);
  });

  it("makes and revokes a platform admin, with the reason kept, and says when nothing changes", async () => {
    const pat = await person("pat");
    const made = await applyUserCommand(t.db, admin.id, pat.id, { action: "make_admin", reason: "Runs November's settlement" });
    expect(made).toMatchObject({ changed: true, user: { platformAdmin: true } });
    expect((await loadRoles(t.db, pat.id))?.platformAdmin).toBe(true);
    expect((await applyUserCommand(t.db, admin.id, pat.id, { action: "make_admin", reason: "Again" })).changed).toBe(false);
    const revoked = await applyUserCommand(t.db, admin.id, pat.id, { action: "revoke_admin", reason: "Left the team" });
    expect(revoked).toMatchObject({ changed: true, user: { platformAdmin: false } });
    const history = await userAdminHistory(t.db, pat.id);
    expect(history.map((h) => [h.action, h.reason, h.actorEmail])).toEqual([
      ["revoke_admin", "Left the team", admin.email],
      ["make_admin", "Runs November's settlement", admin.email],
    ]);
    expect(await refusal(applyUserCommand(t.db, admin.id, "no-such-user", { action: "disable", reason: "Nobody" }))).toMatchObject({ code: "not_found" });
    expect(await refusal(applyUserCommand(t.db, admin.id, pat.id, { action: "disable", reason: "" }))).toMatchObject({ code: "validation_failed" });
  });

  it("never lets an admin revoke or disable themselves, and never removes the last active platform admin", async () => {
    expect(await refusal(applyUserCommand(t.db, admin.id, admin.id, { action: "revoke_admin", reason: "Stepping down" }))).toMatchObject({ code: "cannot_change_self" });
    expect(await refusal(applyUserCommand(t.db, admin.id, admin.id, { action: "disable", reason: "Stepping down" }))).toMatchObject({ code: "cannot_change_self" });
    // Leave exactly two active admins: root and kim.
    for (const r of (await listUsers(t.db, { filter: "admins" }, 500)).rows) {
      if (r.id !== admin.id) await applyUserCommand(t.db, admin.id, r.id, { action: "revoke_admin", reason: "Tidy up" });
    }
    const kim = await person("kim", true);
    // Kim revokes root: allowed (kim stays). Now kim is the last admin, and root (no longer an admin) can't act.
    expect((await applyUserCommand(t.db, kim.id, admin.id, { action: "revoke_admin", reason: "Rotation" })).changed).toBe(true);
    const other = await person("other");
    expect(await refusal(applyUserCommand(t.db, other.id, kim.id, { action: "revoke_admin", reason: "Coup" }))).toMatchObject({ code: "last_admin" });
    expect(await refusal(applyUserCommand(t.db, other.id, kim.id, { action: "disable", reason: "Coup" }))).toMatchObject({ code: "last_admin" });
    // Two admins revoking each other at the same moment: one wins, the other meets the last-admin guard.
    await applyUserCommand(t.db, kim.id, admin.id, { action: "make_admin", reason: "Back on the team" });
    const both = await Promise.allSettled([
      applyUserCommand(t.db, kim.id, admin.id, { action: "revoke_admin", reason: "Race" }),
      applyUserCommand(t.db, admin.id, kim.id, { action: "revoke_admin", reason: "Race" }),
    ]);
    expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = both.find((r) => r.status === "rejected");
    expect(failed && failed.status === "rejected" && isAppError(failed.reason) ? failed.reason.code : null).toBe("last_admin");
    expect(await t.db.$count(users, eq(users.isPlatformAdmin, true))).toBe(1);
    // Restore root as an admin for the next test.
    const winner = (await listUsers(t.db, { filter: "admins" })).rows[0];
    if (winner.id !== admin.id) await applyUserCommand(t.db, winner.id, admin.id, { action: "make_admin", reason: "Restore" });
  });

  it("a disabled user cannot sign in and their session stops working; their data stays; enabling restores both", async () => {
    const sam = await person("sam");
    const signIn = () => authorizeCredentials(t.db, { email: sam.email, password }, headers("203.0.113.7"));
    expect(await signIn()).toMatchObject({ id: sam.id });
    const before = Date.now() - 1000; // a session signed in before the disable
    expect(await loadCurrentUser(t.db, sam.id, before)).toMatchObject({ id: sam.id, email: sam.email });
    const disabled = await applyUserCommand(t.db, admin.id, sam.id, { action: "disable", reason: "Chargeback fraud" });
    expect(disabled.user).toMatchObject({ disabledReason: "Chargeback fraud" });
    expect(disabled.user.disabledAt).toBeInstanceOf(Date);
    await expect(signIn()).rejects.toBeInstanceOf(DisabledSignIn);
    // A wrong password still reads as a wrong password (no hint that the account exists or is disabled).
    expect(await authorizeCredentials(t.db, { email: sam.email, password: "wrong password!" }, headers("203.0.113.8"))).toBeNull();
    // The session: getCurrentUser/requireUser and the JWT refresh both read the account through these.
    expect(await loadCurrentUser(t.db, sam.id, before)).toBeNull();
    expect(await loadRoles(t.db, sam.id, before)).toBeUndefined();
    const [row] = await t.db.select().from(users).where(eq(users.id, sam.id));
    expect(row.email).toBe(sam.email);
    expect((await listUsers(t.db, { filter: "disabled", q: sam.email })).rows.map((r) => r.id)).toEqual([sam.id]);
    await applyUserCommand(t.db, admin.id, sam.id, { action: "enable", reason: "Appeal upheld" });
    expect(await signIn()).toMatchObject({ id: sam.id });
    // The session from before the disable stays ended; a new sign-in works.
    expect(await loadCurrentUser(t.db, sam.id, before)).toBeNull();
    expect(await loadCurrentUser(t.db, sam.id, Date.now())).not.toBeNull();
    const actions = await t.db.select().from(userAdminActions).where(eq(userAdminActions.userId, sam.id));
    expect(actions.map((a) => a.action).sort()).toEqual(["disable", "enable"]);
  });
});
