import { ORG_MANAGERS, requireOrgRole } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { refreshConnectAction } from "../actions";
import { ReturnRedirect } from "@/components/connect/return-redirect";
import { Card, PageHeader } from "@/components/ui/card";

export const metadata = { title: "Back from Stripe" };

/** Stripe's onboarding sends the seller here; the account is re-read from Stripe before the payments page shows. */
export default async function ConnectReturnPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { organisation } = await guardPage(requireOrgRole(slug, ORG_MANAGERS), `/orgs/${slug}/payments/return`);
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <PageHeader title="Back from Stripe" />
      <Card>
        <ReturnRedirect slug={organisation.slug} refresh={refreshConnectAction} />
      </Card>
    </div>
  );
}
