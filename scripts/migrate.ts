/** `npm run db:migrate`: applies the committed migrations to the configured database (the app also does this at start). */
import { openDatabase } from "@/db/client";
import { env } from "@/lib/env";

const e = env();
const handle = await openDatabase({ url: e.DATABASE_URL, pgliteDir: e.PGLITE_DIR });
try {
  await handle.migrate();
  console.log(`Migrations applied (${handle.driver}).`);
} finally {
  await handle.close();
}
