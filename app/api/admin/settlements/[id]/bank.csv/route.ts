import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { csvTextResponse } from "@/lib/http/csv-text";
import { route } from "@/lib/http/respond";
import { bankCsv } from "@/lib/settlement/settlements";

export const dynamic = "force-dynamic";

/** The settlement's bank payments, for the accountant. */
export const GET = route<{ params: Promise<{ id: string }> }>(async (_request, { params }) => {
  await requireRole("platform_admin");
  const { filename, csv } = await bankCsv(await getDb(), (await params).id);
  return csvTextResponse(filename, csv);
});
