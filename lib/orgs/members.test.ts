import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing";
import { emailOutbox, memberships, organisationInvitations, users } from "@/db/schema";
import { acceptInvitations, changeMemberRole, inviteMember, removeMember, revokeInvitation, type OrgActor } from "./members";
import { createOrganisation, slugFor } from "./organisations";

const drivers = await testDrivers();

describe.each(drivers)("organisations and members on %s", (driver) => {
  let t: TestDatabase;
  let n = 0;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
  });
  afterAll(async () => t?.close());

  async function person(name: string) {
    n++;
    const [u] = await t.db.insert(users).values({ email: `${name}-${n}-${driver}@plaza.test`, name }).returning();
    return u;
  }
  const actor = (u: { id: string; name: string | null }, role: OrgActor["role"]): OrgActor => ({ userId: u.id, name: u.name ?? "x", role });
  const roleOf = async (orgId: string, userId: string) =>
    (await t.db.select({ role: memberships.role }).from(memberships).where(and(eq(memberships.organisationId, orgId), eq(memberships.userId, userId))))[0]?.role ?? null;

  it("makes the creator owner, derives the slug from the name and refuses a slug in use", async () => {
    const owner = await person("owner");
    const org = await createOrganisation(t.db, owner.id, { name: `Ada's Coaching ${n} ${driver}`, kind: "instructor" });
    expect(org.slug).toBe(slugFor(org.name));
    expect(org.slug).toMatch(/^adas-coaching-/);
    expect(await roleOf(org.id, owner.id)).toBe("owner");
    await expect(createOrganisation(t.db, owner.id, { name: "Another", slug: org.slug, kind: "club" })).rejects.toMatchObject({ code: "slug_taken", status: 409, param: "slug" });
  });

  it("adds a known email at once and invites an unknown one, which sign-up accepts", async () => {
    const owner = await person("owner");
    const known = await person("known");
    const org = await createOrganisation(t.db, owner.id, { name: `Club ${n}`, slug: `club-${n}-${driver}`, kind: "club" });
    const added = await inviteMember(t.db, org.id, actor(owner, "owner"), { email: known.email, role: "staff" });
    expect(added).toEqual({ userId: known.id, email: known.email, role: "staff", status: "active" });
    await expect(inviteMember(t.db, org.id, actor(owner, "owner"), { email: known.email, role: "member" })).rejects.toMatchObject({ code: "already_member" });

    const email = `later-${n}-${driver}@plaza.test`;
    const invited = await inviteMember(t.db, org.id, actor(owner, "owner"), { email, role: "member" });
    expect(invited).toEqual({ userId: null, email, role: "member", status: "invited" });
    await expect(inviteMember(t.db, org.id, actor(owner, "owner"), { email, role: "admin" })).rejects.toMatchObject({ code: "already_member" });
    const mails = await t.db.select().from(emailOutbox).where(eq(emailOutbox.toEmail, email));
    expect(mails.map((m) => m.template)).toEqual(["organisation_invitation"]);

    const [later] = await t.db.insert(users).values({ email, name: "Later" }).returning();
    expect(await acceptInvitations(t.db, later)).toBe(1);
    expect(await roleOf(org.id, later.id)).toBe("member");
    expect(await acceptInvitations(t.db, later)).toBe(0);
  });

  it("never leaves an organisation without an owner, and only owners touch owners", async () => {
    const owner = await person("owner");
    const admin = await person("admin");
    const org = await createOrganisation(t.db, owner.id, { name: `Club ${n}`, slug: `club-${n}-${driver}`, kind: "club" });
    await inviteMember(t.db, org.id, actor(owner, "owner"), { email: admin.email, role: "admin" });
    await expect(removeMember(t.db, org.id, actor(owner, "owner"), owner.id)).rejects.toMatchObject({ code: "last_owner", status: 409 });
    await expect(changeMemberRole(t.db, org.id, actor(owner, "owner"), owner.id, "member")).rejects.toMatchObject({ code: "last_owner" });
    await expect(changeMemberRole(t.db, org.id, actor(admin, "admin"), admin.id, "owner")).rejects.toMatchObject({ code: "forbidden" });
    await expect(removeMember(t.db, org.id, actor(admin, "admin"), owner.id)).rejects.toMatchObject({ code: "forbidden" });
    await expect(inviteMember(t.db, org.id, actor(admin, "admin"), { email: `x-${n}@plaza.test`, role: "owner" })).rejects.toMatchObject({ code: "forbidden" });
    expect(await roleOf(org.id, owner.id)).toBe("owner");

    await changeMemberRole(t.db, org.id, actor(owner, "owner"), admin.id, "owner");
    await removeMember(t.db, org.id, actor(owner, "owner"), owner.id); // leaving: another owner remains
    expect(await roleOf(org.id, owner.id)).toBeNull();
    await expect(removeMember(t.db, org.id, actor(admin, "owner"), admin.id)).rejects.toMatchObject({ code: "last_owner" });
  });

  it("two owners leaving at once: one leaves, one stays", async () => {
    if (driver !== "postgres") return; // PGlite has one connection: nothing runs at once there
    const a = await person("a");
    const b = await person("b");
    const org = await createOrganisation(t.db, a.id, { name: `Club ${n}`, slug: `club-${n}-${driver}`, kind: "club" });
    await inviteMember(t.db, org.id, actor(a, "owner"), { email: b.email, role: "owner" });
    const results = await Promise.allSettled([removeMember(t.db, org.id, actor(a, "owner"), a.id), removeMember(t.db, org.id, actor(b, "owner"), b.id)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const owners = await t.db.select().from(memberships).where(and(eq(memberships.organisationId, org.id), eq(memberships.role, "owner")));
    expect(owners).toHaveLength(1);
  });

  it("withdraws an open invitation once", async () => {
    const owner = await person("owner");
    const org = await createOrganisation(t.db, owner.id, { name: `Club ${n}`, slug: `club-${n}-${driver}`, kind: "club" });
    await inviteMember(t.db, org.id, actor(owner, "owner"), { email: `w-${n}@plaza.test`, role: "member" });
    const [inv] = await t.db.select().from(organisationInvitations).where(eq(organisationInvitations.organisationId, org.id));
    await revokeInvitation(t.db, org.id, inv.id);
    await expect(revokeInvitation(t.db, org.id, inv.id)).rejects.toMatchObject({ code: "not_found" });
  });
});
