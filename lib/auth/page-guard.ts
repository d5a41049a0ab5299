import "server-only";
import { forbidden, notFound, redirect } from "next/navigation";
import { isAppError } from "@/lib/errors";

/**
 * Runs a guard (requireUser, requireRole, requireOrgRole) for a page: signed out -> the sign-in page (and
 * back), wrong role -> 403 page, someone else's object -> 404 page.
 */
export async function guardPage<T>(guard: Promise<T>, returnTo: string): Promise<T> {
  try {
    return await guard;
  } catch (e) {
    if (isAppError(e)) {
      if (e.code === "unauthenticated") redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
      if (e.code === "forbidden") forbidden();
      if (e.code === "not_found") notFound();
    }
    throw e;
  }
}
