import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { ORG_MANAGERS, requireOrgRole } from "@/lib/auth";
import { parseJson, route } from "@/lib/http/respond";
import { walletCurrency } from "@/lib/wallet/accounts";
import { organisationPaymentRequest, payMemberFromOrganisation } from "@/lib/wallet/organisation-payments";

/** Pays a member of the organisation from its balance into their wallet; 422 not_a_member for anyone else. */
export const POST = route<{ params: Promise<{ slug: string }> }>(async (request, { params }) => {
  const access = await requireOrgRole((await params).slug, ORG_MANAGERS);
  const input = await parseJson(request, organisationPaymentRequest);
  const ledgerTransactionId = await payMemberFromOrganisation(await getDb(), { organisationId: access.organisation.id, ...input, actorUserId: access.user.id });
  return NextResponse.json({ payment: { id: input.requestId, ledgerTransactionId, email: input.email, amount: input.amount, currency: walletCurrency(), status: "succeeded" } }, { status: 201 });
});
