import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { memberships, organisations, users } from "@/db/schema";
import { mirrorConnectedAccount } from "@/lib/connect/accounts";
import { stripe } from "@/lib/stripe/client";
import type { StripeHarness } from "@/lib/wallet/testing/harness";

let n = 0;

export async function makeUser(db: Database, name = "buyer") {
  n++;
  const [u] = await db.insert(users).values({ email: `${name}-${n}-${Math.random().toString(36).slice(2, 8)}@plaza.test`, name: `${name} ${n}` }).returning();
  return { id: u.id, email: u.email, name: u.name };
}

/** An organisation with an owner, not yet connected to Stripe. */
export async function makeOrganisation(db: Database, name = "Seller") {
  const owner = await makeUser(db, "owner");
  n++;
  const [org] = await db.insert(organisations).values({ slug: `${name.toLowerCase().replace(/\W+/g, "-")}-${n}-${Math.random().toString(36).slice(2, 6)}`, name, kind: "club" }).returning();
  await db.insert(memberships).values({ organisationId: org.id, userId: owner.id, role: "owner" });
  return { org, owner };
}

/**
 * Connects the organisation to a Stripe account in the emulator, onboarded, and mirrors it: Express and
 * Custom through controller properties (destination charges), Standard by type (direct charges).
 */
export async function connectSeller(db: Database, harness: StripeHarness, organisationId: string, kind: "express" | "standard" | "custom") {
  const account =
    kind === "standard"
      ? await stripe().accounts.create({ type: "standard", metadata: { plaza_organisation_id: organisationId } })
      : await stripe().accounts.create({
          controller: {
            stripe_dashboard: { type: kind === "express" ? "express" : "none" },
            fees: { payer: "application" },
            losses: { payments: "application" },
            requirement_collection: kind === "express" ? "stripe" : "application",
          },
          capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
          metadata: { plaza_organisation_id: organisationId },
        });
  await harness.control(`/_emu/accounts/${account.id}/onboard`, { outcome: "complete" });
  await harness.drain();
  const fresh = await stripe().accounts.retrieve(account.id);
  await mirrorConnectedAccount(db, fresh, new Date(), { organisationId, kind });
  return fresh;
}

export async function orgById(db: Database, id: string) {
  const [org] = await db.select().from(organisations).where(eq(organisations.id, id));
  return org;
}
