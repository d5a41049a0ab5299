import "server-only";
import { and, count, eq, gt, max } from "drizzle-orm";
import type { Database } from "@/db/client";
import { signInAttempts } from "@/db/schema";
import { CLIENT_ADDRESS_HEADER } from "./client-address";

/** Failures counted within this window; after a success, an email's earlier failures no longer count. */
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 20;

export interface SignInLimit {
  limited: boolean;
  retryAfterSeconds: number;
}

export async function checkSignInLimit(db: Database, email: string, ip: string, now = new Date()): Promise<SignInLimit> {
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
  const [lastSuccess] = await db
    .select({ at: max(signInAttempts.createdAt) })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.email, email), eq(signInAttempts.succeeded, true), gt(signInAttempts.createdAt, since)));
  const emailSince = lastSuccess?.at && lastSuccess.at > since ? lastSuccess.at : since;
  const [byEmail] = await db
    .select({ n: count(), newest: max(signInAttempts.createdAt) })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.email, email), eq(signInAttempts.succeeded, false), gt(signInAttempts.createdAt, emailSince)));
  const [byIp] = await db
    .select({ n: count(), newest: max(signInAttempts.createdAt) })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.ip, ip), eq(signInAttempts.succeeded, false), gt(signInAttempts.createdAt, since)));
  const limited = byEmail.n >= MAX_FAILURES_PER_EMAIL || byIp.n >= MAX_FAILURES_PER_IP;
  const newest = [byEmail.newest, byIp.newest].filter((d): d is Date => d instanceof Date).sort((a, b) => b.getTime() - a.getTime())[0];
  const retryAfterSeconds = limited && newest ? Math.max(1, Math.ceil((newest.getTime() + SIGN_IN_WINDOW_MS - now.getTime()) / 1000)) : 0;
  return { limited, retryAfterSeconds };
}

export async function recordSignInAttempt(db: Database, email: string, ip: string, succeeded: boolean): Promise<void> {
  await db.insert(signInAttempts).values({ email, ip, succeeded });
}

export function rateLimitMessage(retryAfterSeconds: number): string {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return `Too many failed sign-in attempts. Wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again.`;
}

/**
 * The client address Plaza's server resolved from the socket and TRUSTED_PROXIES (scripts/server.ts sets
 * the header on every request and overwrites any value a client sent). X-Forwarded-For is never read here.
 */
export function clientIp(headers: Headers): string {
  return headers.get(CLIENT_ADDRESS_HEADER)?.trim().slice(0, 64) || "unknown";
}
