import type { NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { handlers } from "@/lib/auth";
import { checkSignInLimit, clientIp, rateLimitMessage } from "@/lib/auth/rate-limit";
import { normaliseEmail } from "@/lib/auth/users";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/respond";

export const GET = handlers.GET;

/** Credentials sign-ins over the API are refused with 429 once an email or address has failed too often. */
export async function POST(request: NextRequest) {
  if (new URL(request.url).pathname.endsWith("/callback/credentials")) {
    const form = await request.clone().formData().catch(() => null);
    const email = form?.get("email");
    if (typeof email === "string" && email.trim()) {
      const limit = await checkSignInLimit(await getDb(), normaliseEmail(email), clientIp(request.headers));
      if (limit.limited) {
        return errorResponse(new AppError("rate_limited", rateLimitMessage(limit.retryAfterSeconds)), { "Retry-After": String(limit.retryAfterSeconds) });
      }
    }
  }
  return handlers.POST(request);
}
