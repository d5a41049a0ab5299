import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { ORG_MANAGERS, requireOrgRole } from "@/lib/auth";
import { currentAccount } from "@/lib/connect/can-sell";
import { onboardingLink, paymentsPath } from "@/lib/connect/onboarding";
import { env } from "@/lib/env";
import { route } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

/** Stripe sends the seller here when an onboarding link expired: a new link, and straight back to Stripe. */
export const GET = route<{ params: Promise<{ slug: string }> }>(async (_request, { params }) => {
  const { organisation } = await requireOrgRole((await params).slug, ORG_MANAGERS);
  const account = await currentAccount(await getDb(), organisation.id);
  if (!account || account.kind !== "express") return NextResponse.redirect(`${env().appUrl}${paymentsPath(organisation.slug)}`, 303);
  return NextResponse.redirect(await onboardingLink(account.id, organisation.slug), 303);
});
