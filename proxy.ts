import { NextResponse, type NextRequest } from "next/server";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Rejects mutating API requests that a browser sends from another origin. Server actions get the same check
 * from Next itself. Stripe's webhook is exempt: it is not a browser and is authenticated by its signature.
 */
export function proxy(request: NextRequest) {
  if (SAFE_METHODS.has(request.method) || request.nextUrl.pathname.startsWith("/api/webhooks/")) return NextResponse.next();
  const origin = request.headers.get("origin");
  const fetchSite = request.headers.get("sec-fetch-site");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  const crossOrigin = (origin !== null && origin !== "null" && new URL(origin).host !== host) || origin === "null" || fetchSite === "cross-site";
  if (crossOrigin) {
    return NextResponse.json(
      { error: { code: "cross_origin", message: "Requests that change data must come from Plaza's own pages." } },
      { status: 403 },
    );
  }
  return NextResponse.next();
}

export const config = { matcher: ["/api/:path*"] };
