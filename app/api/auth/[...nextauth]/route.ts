import type { NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { handlers } from "@/lib/auth";
import { checkSignInLimit, clientIp, rateLimitMessage } from "@/lib/auth/rate-limit";
import { normaliseEmail } from "@/lib/auth/users";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/respond";
import { textProblem } from "@/lib/validation/text";

export const GET = handlers.GET;

/** Credentials sign-ins over the API are refused with 429 once an email or address has failed too often. */
export async function POST(request: NextRequest) {
  if (new URL(request.url).pathname.endsWith("/callback/credentials")) {
    const form = await request.clone().formData().catch(() => null);
    const email = form?.get("email");
    // An address that breaks the text rule cannot be anyone's: authorize() refuses it without a query.
    if (typeof email === "string" && email.trim() && email.length <= 254 && !textProblem(email)) {
      const limit = await checkSignInLimit(await getDb(), normaliseEmail(email), clientIp(request.headers));
      if (limit.limited) {
        return errorResponse(new AppError("rate_limited", rateLimitMessage(limit.retryAfterSeconds)), { "Retry-After": String(limit.retryAfterSeconds) });
      }
    }
  }
  return handlers.POST(request);
}
