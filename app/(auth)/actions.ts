"use server";
import { headers } from "next/headers";
import { AuthError } from "next-auth";
import { z } from "zod";
import { getDb } from "@/db/client";
import { signIn, signOut } from "@/lib/auth";
import { checkSignInLimit, clientIp, rateLimitMessage } from "@/lib/auth/rate-limit";
import { createUser, normaliseEmail } from "@/lib/auth/users";
import { isAppError } from "@/lib/errors";
import { acceptInvitations } from "@/lib/orgs/members";
import { safeReturnPath } from "@/lib/http/redirects";
import { emailAddress, text } from "@/lib/validation/text";

export interface FormState {
  error?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
}

const signInSchema = z.object({
  email: emailAddress("Enter your email address, like name@example.com."),
  // Passwords are never trimmed or normalised, and never stored: only their hash is.
  password: z.string().min(1, "Enter your password.").max(200, "Use at most 200 characters."),
});

const signUpSchema = z.object({
  name: text({ min: 1, max: 100, requiredMessage: "Enter your name.", maxMessage: "Use at most 100 characters." }),
  email: emailAddress("Enter a valid email address, like name@example.com."),
  password: z.string().min(10, "Use at least 10 characters.").max(200, "Use at most 200 characters."),
});

function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) out[String(issue.path[0])] ??= issue.message;
  return out;
}

async function signInWithCredentials(email: string, password: string, returnTo: string): Promise<FormState> {
  try {
    await signIn("credentials", { email, password, redirectTo: returnTo });
    return {};
  } catch (e) {
    // signIn redirects by throwing; only Auth.js errors are answers for the form.
    if (e instanceof AuthError) {
      if (e.type === "CredentialsSignin" && "code" in e && e.code === "rate_limited") {
        return { error: rateLimitMessage(15 * 60), values: { email } };
      }
      if (e.type === "CredentialsSignin" && "code" in e && e.code === "account_disabled") {
        return { error: "This account has been disabled by a platform administrator. Contact support if you think this is a mistake.", values: { email } };
      }
      return { error: "That email and password don't match an account. Check them and try again.", values: { email } };
    }
    throw e;
  }
}

export async function signInAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const parsed = signInSchema.safeParse({ email: formData.get("email"), password: formData.get("password") });
  const email = String(formData.get("email") ?? "");
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error), values: { email } };
  const limit = await checkSignInLimit(await getDb(), normaliseEmail(parsed.data.email), clientIp(await headers()));
  if (limit.limited) return { error: rateLimitMessage(limit.retryAfterSeconds), values: { email } };
  return signInWithCredentials(parsed.data.email, parsed.data.password, safeReturnPath(formData.get("callbackUrl")));
}

export async function signUpAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const raw = { name: formData.get("name"), email: formData.get("email"), password: formData.get("password") };
  const values = { name: String(raw.name ?? ""), email: String(raw.email ?? "") };
  const parsed = signUpSchema.safeParse(raw);
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error), values };
  try {
    const db = await getDb();
    const user = await createUser(db, parsed.data);
    // Invitations sent to this email before the account existed are accepted now.
    await acceptInvitations(db, user);
  } catch (e) {
    if (isAppError(e) && e.code === "email_taken") return { fieldErrors: { email: e.message }, values };
    throw e;
  }
  return signInWithCredentials(parsed.data.email, parsed.data.password, "/account");
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/" });
}
