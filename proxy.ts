import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { BASE_SECURITY_HEADERS, NON_DOCUMENT_CSP, newNonce, pageContentSecurityPolicy } from "@/lib/security-headers";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

type Refusal = { code: "cross_origin" | "invalid_request"; message: string } | null;

/** The host of an Origin header, or undefined when it is not a URL (a malformed header is bad input, not a crash). */
function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

/**
 * Mutating requests that a browser sends from another origin are refused, and so is a malformed Origin (403
 * with the error shape). This covers API routes and the POSTs of server actions alike, before Next parses
 * the header itself. Stripe's webhook is exempt: it is not a browser and is authenticated by its signature.
 */
function crossOriginRefusal(request: NextRequest): Refusal {
  if (SAFE_METHODS.has(request.method) || request.nextUrl.pathname.startsWith("/api/webhooks/")) return null;
  const origin = request.headers.get("origin");
  const fetchSite = request.headers.get("sec-fetch-site");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (origin !== null && origin !== "null" && originHost(origin) === undefined) {
    return { code: "cross_origin", message: "The Origin header is not a URL; requests that change data must come from Plaza's own pages." };
  }
  const crossOrigin = (origin !== null && origin !== "null" && originHost(origin) !== host) || origin === "null" || fetchSite === "cross-site";
  return crossOrigin ? { code: "cross_origin", message: "Requests that change data must come from Plaza's own pages." } : null;
}

function withSecurityHeaders(response: NextResponse, csp: string, personal: boolean): NextResponse {
  for (const [name, value] of Object.entries(BASE_SECURITY_HEADERS)) response.headers.set(name, value);
  response.headers.set("Content-Security-Policy", csp);
  // API answers are about the signed-in person (or say nothing worth caching): never stored by a cache.
  if (personal) response.headers.set("Cache-Control", "no-store");
  return response;
}

/**
 * Runs before every page and API route: the cross-origin check, then the security headers. Pages get a CSP
 * with a fresh nonce, which Next reads from the request's Content-Security-Policy header and puts on its own
 * inline and chunk scripts; that is why every page renders dynamically.
 */
export function proxy(request: NextRequest) {
  const api = request.nextUrl.pathname.startsWith("/api/");
  const refusal = crossOriginRefusal(request);
  if (refusal) {
    return withSecurityHeaders(NextResponse.json({ error: refusal }, { status: 403 }), NON_DOCUMENT_CSP, true);
  }
  if (api) return withSecurityHeaders(NextResponse.next(), NON_DOCUMENT_CSP, true);
  const e = env();
  const nonce = newNonce();
  const csp = pageContentSecurityPolicy({ nonce, dev: process.env.NODE_ENV === "development", emulatorOrigin: e.stripeMode === "emulator" ? new URL(e.emulatorUrl).origin : null });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  return withSecurityHeaders(NextResponse.next({ request: { headers: requestHeaders } }), csp, false);
}

// Everything except Next's static files, which get their headers from next.config.ts (a proxy run per asset
// would only add latency).
export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
