import { getDb } from "@/db/client";
import { requireOrgRole } from "@/lib/auth";
import { route } from "@/lib/http/respond";
import { csvResponse } from "@/lib/http/statement-download";
import { parseStatementRange } from "@/lib/statements/query";

export const dynamic = "force-dynamic";

/** The organisation's statement as CSV for its staff (and platform admins), streamed in keyset batches. */
export const GET = route(async (request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const { slug } = await params;
  const { organisation } = await requireOrgRole(slug);
  const range = parseStatementRange(new URL(request.url).searchParams);
  const db = await getDb();
  return csvResponse(db, { organisationId: organisation.id }, range, `${organisation.slug}-statement`);
});
