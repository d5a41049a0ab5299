import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing";
import { createUser } from "./users";

/** The admin users and reconciliation routes through their handlers: roles, errors and the disabled account. */
const state = vi.hoisted(() => ({
  db: undefined as TestDatabase | undefined,
  userId: undefined as string | undefined,
  signedInAt: 0,
}));

vi.mock("@/db/client", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/db/client")>();
  return {
    ...original,
    getDb: async () => {
      if (!state.db) throw new Error("no test database");
      return state.db.db;
    },
  };
});

// The session cookie is the one thing not under test: Auth.js says who is signed in, the guards do the rest.
vi.mock("@/lib/auth/config", () => ({
  auth: async () => (state.userId ? { user: { id: state.userId, signedInAt: state.signedInAt } } : null),
  handlers: {},
  signIn: async () => undefined,
  signOut: async () => undefined,
}));

const usersRoute = await import("@/app/api/admin/users/route");
const commandRoute = await import("@/app/api/admin/users/[id]/[command]/route");
const reconciliationRoute = await import("@/app/api/admin/reconciliation/route");
const walletRoute = await import("@/app/api/wallet/route");

const [driver] = await testDrivers();

const get = (path: string) => new Request(`http://localhost${path}`);
const post = (path: string, body: string) => new Request(`http://localhost${path}`, { method: "POST", body, headers: { "Content-Type": "application/json" } });
const command = (id: string, name: string, body: unknown) =>
  commandRoute.POST(post(`/api/admin/users/${id}/${name}`, typeof body === "string" ? body : JSON.stringify(body)), { params: Promise.resolve({ id, command: name }) });

describe(`admin users and reconciliation routes on ${driver}`, () => {
  let admin: { id: string };
  let member: { id: string; email: string };
  beforeAll(async () => {
    state.db = await createTestDatabase(driver);
    admin = await createUser(state.db.db, { email: "route-admin@plaza.test", name: "Route Admin", password: "correct horse battery", isPlatformAdmin: true });
    member = await createUser(state.db.db, { email: "route-member@plaza.test", name: "Route Member", password: "correct horse battery" });
  });
  afterAll(async () => state.db?.close());

  it("answers 401 signed out and 403 to a member, on the list, the commands and the reconciliation", async () => {
    state.userId = undefined;
    expect((await usersRoute.GET(get("/api/admin/users"), {})).status).toBe(401);
    state.userId = member.id;
    expect((await usersRoute.GET(get("/api/admin/users"), {})).status).toBe(403);
    expect((await command(admin.id, "revoke-admin", { reason: "Takeover" })).status).toBe(403);
    const r = await reconciliationRoute.GET(get("/api/admin/reconciliation"), {});
    expect(r.status).toBe(403);
    expect((await r.json()).error.code).toBe("forbidden");
  });

  it("lists and searches users for an admin, and refuses bad input with the contract's errors", async () => {
    state.userId = admin.id;
    const r = await usersRoute.GET(get("/api/admin/users?q=route-member"), {});
    expect(r.status).toBe(200);
    expect(r.headers.get("Cache-Control")).toBe("no-store");
    const body = await r.json();
    expect(body.users).toEqual([expect.objectContaining({ id: member.id, email: member.email, platformAdmin: false, disabled: false, organisations: [] })]);
    expect((await usersRoute.GET(get("/api/admin/users?filter=everyone"), {})).status).toBe(422);
    expect((await command(member.id, "delete", { reason: "Because" })).status).toBe(404);
    const malformed = await command(member.id, "disable", "{not json");
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe("invalid_json");
    const noReason = await command(member.id, "disable", {});
    expect(noReason.status).toBe(422);
    expect((await noReason.json()).error.param).toBe("reason");
    const self = await command(admin.id, "disable", { reason: "Leaving" });
    expect(self.status).toBe(409);
    expect((await self.json()).error.code).toBe("cannot_change_self");
    expect((await command("nobody", "enable", { reason: "Hello" })).status).toBe(404);
    const bad = await reconciliationRoute.GET(get("/api/admin/reconciliation?from=2026-02-30"), {});
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.param).toBe("from");
  });

  it("disables an account: its next request is signed out (401), and after enabling only a new sign-in works", async () => {
    state.userId = member.id;
    state.signedInAt = Date.now() - 1000;
    expect((await walletRoute.GET(get("/api/wallet"), {})).status).toBe(200);
    state.userId = admin.id;
    const r = await command(member.id, "disable", { reason: "Reported for fraud" });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ changed: true, user: { id: member.id, disabled: true, disabledReason: "Reported for fraud" } });
    expect((await command(member.id, "disable", { reason: "Again" }).then((x) => x.json())).changed).toBe(false);
    state.userId = member.id; // the same session cookie as before
    expect((await walletRoute.GET(get("/api/wallet"), {})).status).toBe(401);
    state.userId = admin.id;
    expect((await command(member.id, "enable", { reason: "Cleared" })).status).toBe(200);
    state.userId = member.id;
    expect((await walletRoute.GET(get("/api/wallet"), {})).status).toBe(401); // the old session stays ended
    state.signedInAt = Date.now(); // signed in again
    expect((await walletRoute.GET(get("/api/wallet"), {})).status).toBe(200);
  });
});
