import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

/** The chaos comparison inside `npm test` (scripts/test.sh runs it after the end-to-end suites, on their build). */
export default defineConfig({
  resolve: {
    alias: {
      "@/": fileURLToPath(new URL("../../", import.meta.url)),
      "server-only": fileURLToPath(new URL("../../test/empty-module.ts", import.meta.url)),
    },
  },
  test: {
    root: fileURLToPath(new URL("../../", import.meta.url)),
    include: ["scripts/chaos/*.spec.ts"],
    environment: "node",
    testTimeout: 600_000,
    hookTimeout: 900_000,
    pool: "forks",
    maxWorkers: 1,
  },
});
