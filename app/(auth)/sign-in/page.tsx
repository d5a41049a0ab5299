import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth";
import { env } from "@/lib/env";
import { safeReturnPath } from "@/lib/http/redirects";
import { DEMO_PASSWORD, DEMO_USERS } from "@/db/seed/demo";
import { DemoAccounts } from "@/components/auth/demo-accounts";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Card } from "@/components/ui/card";

export const metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const callbackUrl = safeReturnPath((await searchParams).callbackUrl);
  if (await getCurrentUser()) redirect(callbackUrl);
  return (
    <div className="mx-auto grid grid-cols-1 max-w-4xl gap-6 md:grid-cols-2">
      <Card>
        <h1 className="mb-1 text-2xl font-bold">Sign in</h1>
        <p className="mb-6 text-sm text-slate-600">
          New to Plaza?{" "}
          <Link href="/sign-up" className="font-medium text-brand-700 underline">
            Create an account
          </Link>
        </p>
        <SignInForm callbackUrl={callbackUrl} />
      </Card>
      {env().demoMode ? (
        <Card title="Demo accounts">
          <p className="mb-3 text-sm text-slate-600">
            This is a demo installation: pick an account to fill the form, then press Sign in. Every account uses the password <code className="rounded bg-slate-100 px-1">{DEMO_PASSWORD}</code>.
          </p>
          <DemoAccounts accounts={DEMO_USERS.map((u) => ({ email: u.email, role: u.role }))} password={DEMO_PASSWORD} />
        </Card>
      ) : null}
    </div>
  );
}
