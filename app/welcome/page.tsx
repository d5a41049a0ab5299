import { requireUser } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { FirstRun } from "@/components/account/first-run";
import { PageHeader } from "@/components/ui/card";

export const metadata = { title: "Welcome" };

/** The first-run page: where a new account starts (also shown on the account page until they join something). */
export default async function WelcomePage() {
  const user = await guardPage(requireUser(), "/welcome");
  return (
    <div className="space-y-6">
      <PageHeader title={`Welcome to Plaza, ${user.name ?? user.email}`} description="Three ways in. Choose one to start; the others stay here." />
      <FirstRun email={user.email} />
    </div>
  );
}
