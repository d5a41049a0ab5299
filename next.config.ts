import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WASM and must be loaded by Node, not bundled (see TOOLCHAIN.md).
  serverExternalPackages: ["@electric-sql/pglite", "pg", "pdf-lib"],
  poweredByHeader: false,
  experimental: {
    // forbidden() renders app/forbidden.tsx with a 403 for signed-in users without the role.
    authInterrupts: true,
  },
};

export default nextConfig;
