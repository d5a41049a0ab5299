import { ButtonLink } from "@/components/ui/button";

export default function Forbidden() {
  return (
    <div className="mx-auto max-w-lg py-16 text-center" data-testid="forbidden">
      <p className="text-sm font-semibold text-red-600">403</p>
      <h1 className="mt-2 text-2xl font-bold">You don&apos;t have access to this page</h1>
      <p className="mt-2 text-slate-600">Your account doesn&apos;t have the role this page needs. Ask an administrator if you think it should.</p>
      <ButtonLink href="/" className="mt-6">
        Back to Plaza
      </ButtonLink>
    </div>
  );
}
