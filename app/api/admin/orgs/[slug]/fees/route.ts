import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { endFeeOverride, feeScheduleRequest, recordFeeSchedule, type FeeScheduleRow } from "@/lib/fees/schedules";
import { parseJson, parseWith, route } from "@/lib/http/respond";
import { findOrganisationBySlug } from "@/lib/orgs/organisations";

type Context = { params: Promise<{ slug: string }> };

function view(r: FeeScheduleRow) {
  return { id: r.id, organisationId: r.organisationId, percentBps: r.percentBps, fixed: r.fixed, min: r.min, max: r.max, settlementPercentBps: r.settlementPercentBps, endsOverride: r.endsOverride, effectiveFrom: r.effectiveFrom.toISOString(), note: r.note };
}

async function org(slug: string) {
  const o = await findOrganisationBySlug(await getDb(), slug);
  if (!o) throw new AppError("not_found", "No such organisation.");
  return o;
}

/** An override for the organisation (same body as the platform default). */
export const POST = route<Context>(async (request, { params }) => {
  const admin = await requireRole("platform_admin");
  const o = await org((await params).slug);
  const input = await parseJson(request, feeScheduleRequest);
  return NextResponse.json({ fee: view(await recordFeeSchedule(await getDb(), o.id, input, admin.id)) }, { status: 201 });
});

const endRequest = z.object({ effectiveFrom: z.coerce.date({ error: "effectiveFrom must be an ISO 8601 date" }).optional() });

/** Ends the override from `?effectiveFrom=` (default now): the platform default applies again; history kept. */
export const DELETE = route<Context>(async (request, { params }) => {
  const admin = await requireRole("platform_admin");
  const o = await org((await params).slug);
  const q = parseWith(endRequest, { effectiveFrom: new URL(request.url).searchParams.get("effectiveFrom") ?? undefined });
  return NextResponse.json({ fee: view(await endFeeOverride(await getDb(), o.id, q.effectiveFrom ?? new Date(), admin.id)) });
});
