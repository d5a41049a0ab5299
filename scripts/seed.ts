/** `npm run db:seed`: migrates the configured database and adds the demo users and organisations. */
import { openDatabase } from "@/db/client";
import { DEMO_PASSWORD, DEMO_USERS, seedDemoData } from "@/db/seed/demo";
import { env } from "@/lib/env";

const e = env();
const handle = await openDatabase({ url: e.DATABASE_URL, pgliteDir: e.PGLITE_DIR });
try {
  await handle.migrate();
  await seedDemoData(handle.db);
  console.log(`Seeded the demo data into ${handle.driver === "postgres" ? "Postgres" : `PGlite (${e.PGLITE_DIR})`}. Password for every account: ${DEMO_PASSWORD}`);
  for (const u of DEMO_USERS) console.log(`  ${u.email.padEnd(22)} ${u.role}`);
} finally {
  await handle.close();
}
