import { sql } from "drizzle-orm";
import { NextResponse } from "next/server";
import { getDatabaseDriver, getDb } from "@/db/client";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

export async function GET() {
  const stripe = env().stripeMode;
  try {
    const db = await getDb();
    await db.execute(sql`select 1`);
    return NextResponse.json({ status: "ok", database: await getDatabaseDriver(), stripe });
  } catch {
    return NextResponse.json({ status: "error", database: env().databaseDriver, stripe, message: "The database is not reachable." }, { status: 503 });
  }
}
