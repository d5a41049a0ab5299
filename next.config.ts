import type { NextConfig } from "next";
import { BASE_SECURITY_HEADERS, NON_DOCUMENT_CSP } from "./lib/security-headers";

// Static assets skip proxy.ts (see its matcher), so their security headers are set here.
const staticHeaders = [...Object.entries(BASE_SECURITY_HEADERS), ["Content-Security-Policy", NON_DOCUMENT_CSP]].map(([key, value]) => ({ key, value }));

const nextConfig: NextConfig = {
  // PGlite ships WASM and must be loaded by Node, not bundled: bundling it breaks the build (webpack) or copies 15 MB of WASM into the public assets (Turbopack).
  serverExternalPackages: ["@electric-sql/pglite", "pg", "pdf-lib"],
  poweredByHeader: false,
  experimental: {
    // forbidden() renders app/forbidden.tsx with a 403 for signed-in users without the role.
    authInterrupts: true,
  },
  async headers() {
    return [
      { source: "/_next/static/:path*", headers: staticHeaders },
      { source: "/_next/image", headers: staticHeaders },
      { source: "/favicon.ico", headers: staticHeaders },
    ];
  },
};

export default nextConfig;
