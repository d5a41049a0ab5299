import { requireUser } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { CreateOrganisationForm } from "@/components/orgs/create-organisation-form";
import { Card, PageHeader } from "@/components/ui/card";

export const metadata = { title: "New organisation" };

export default async function NewOrganisationPage() {
  await guardPage(requireUser(), "/orgs/new");
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <PageHeader title="Create an organisation" description="A club, an event organiser or an instructor. You become its owner and can invite people next." />
      <Card>
        <CreateOrganisationForm />
      </Card>
    </div>
  );
}
