import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { completeOAuth, paymentsPath } from "@/lib/connect/onboarding";
import { findOrganisationById } from "@/lib/orgs/organisations";
import { ConnectRefusal } from "@/lib/connect/refusal";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

/**
 * Where Stripe's OAuth consent screen sends the seller back. The exchange happens here (a route, not a page
 * render); the seller then lands on the organisation's payments page with the outcome in words.
 */
export async function GET(request: Request) {
  const base = env().appUrl;
  const q = new URL(request.url).searchParams;
  let user;
  try {
    user = await requireUser();
  } catch {
    return NextResponse.redirect(`${base}/sign-in?callbackUrl=${encodeURIComponent(`/connect/oauth/callback?${q.toString()}`)}`, 303);
  }
  const db = await getDb();
  try {
    const { organisationId } = await completeOAuth(db, user.id, { code: q.get("code"), state: q.get("state"), error: q.get("error") });
    const org = await findOrganisationById(db, organisationId);
    return NextResponse.redirect(`${base}${org ? paymentsPath(org.slug) : "/account"}?connected=standard`, 303);
  } catch (e) {
    if (e instanceof ConnectRefusal) {
      const org = e.organisationId ? await findOrganisationById(db, e.organisationId) : null;
      return NextResponse.redirect(`${base}${org ? paymentsPath(org.slug) : "/account"}?connect_error=${e.code}`, 303);
    }
    if (isAppError(e)) return NextResponse.redirect(`${base}/account?connect_error=code_invalid`, 303);
    throw e;
  }
}
