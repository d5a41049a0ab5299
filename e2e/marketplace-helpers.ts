import { expect, type Page } from "@playwright/test";
import { E2E_EMULATOR_PORT } from "../playwright.config";
import { emulatorControl } from "./emulator-control";
import { signOut, signUpMember } from "./wallet-helpers";

const EMU = `http://127.0.0.1:${E2E_EMULATOR_PORT}`;

/** A Stripe API call on the e2e emulator (form-encoded, the app's tenant key). */
async function emulatorApi(path: string, form: Record<string, string>): Promise<{ id: string }> {
  const r = await fetch(`${EMU}${path}`, { method: "POST", headers: { Authorization: "Bearer sk_test_plaza_emulator", "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form) });
  if (!r.ok) throw new Error(`emulator ${path} answered ${r.status}: ${await r.text()}`);
  const body: { id: string } = await r.json();
  return body;
}

export interface E2eListing {
  kind: "course" | "event_ticket" | "service";
  title: string;
  description: string;
  content?: string;
  amount: number;
  capacity?: number;
  startsAt?: string;
  venue?: string;
  slots?: { startsAt: string; endsAt: string }[];
  refundHours?: number;
}

/**
 * A fresh seller: signs up, creates an organisation, connects an Express account in the emulator (onboarded;
 * the account.updated webhook mirrors it to the organisation named in its metadata), then publishes the
 * listings through the JSON API once the organisation can sell. Signs out at the end.
 */
export async function sellerWithListings(page: Page, listings: E2eListing[]): Promise<{ slug: string; ids: string[]; email: string }> {
  const { email } = await signUpMember(page, "seller");
  const headers = { Origin: new URL(page.url()).origin };
  const name = `Shop ${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const created = await page.request.post("/api/orgs", { data: { name }, headers });
  expect(created.status()).toBe(201);
  const { organisation }: { organisation: { id: string; slug: string } } = await created.json();
  const account = await emulatorApi("/v1/accounts", {
    "controller[stripe_dashboard][type]": "express",
    "controller[fees][payer]": "application",
    "controller[losses][payments]": "application",
    "controller[requirement_collection]": "stripe",
    "capabilities[card_payments][requested]": "true",
    "capabilities[transfers][requested]": "true",
    "metadata[plaza_organisation_id]": organisation.id,
  });
  await emulatorControl(`/_emu/accounts/${account.id}/onboard`, { outcome: "complete" });
  const ids: string[] = [];
  for (const l of listings) {
    // Publishing answers 409 seller_not_ready until the webhook has mirrored the onboarded account.
    let id = "";
    await expect
      .poll(async () => {
        const r = await page.request.post(`/api/orgs/${organisation.slug}/listings`, { data: { ...l, currency: "usd", published: true }, headers });
        if (r.status() === 201) id = ((await r.json()) as { listing: { id: string } }).listing.id;
        return r.status();
      })
      .toBe(201);
    ids.push(id);
  }
  await signOut(page);
  return { slug: organisation.slug, ids, email };
}
