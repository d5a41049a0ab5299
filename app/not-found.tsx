import { ButtonLink } from "@/components/ui/button";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-lg py-16 text-center">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="mt-2 text-2xl font-bold">We couldn&apos;t find that page</h1>
      <p className="mt-2 text-slate-600">It may have moved, or you may not have access to it.</p>
      <ButtonLink href="/" className="mt-6">
        Back to Plaza
      </ButtonLink>
    </div>
  );
}
