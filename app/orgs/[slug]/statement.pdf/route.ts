import { getDb } from "@/db/client";
import { requireOrgRole } from "@/lib/auth";
import { route } from "@/lib/http/respond";
import { pdfResponse } from "@/lib/http/statement-download";
import { parseStatementRange } from "@/lib/statements/query";

export const dynamic = "force-dynamic";

/** The organisation's statement as PDF for its people (and platform admins), for the chosen period. */
export const GET = route(async (request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const { slug } = await params;
  const { organisation } = await requireOrgRole(slug);
  const range = parseStatementRange(new URL(request.url).searchParams);
  const db = await getDb();
  return pdfResponse(db, { organisationId: organisation.id }, range, `${organisation.slug}-statement`, organisation.name, "Organisation account");
});
