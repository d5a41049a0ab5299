import "server-only";
import { sql } from "drizzle-orm";
import type Stripe from "stripe";
import type { Database } from "@/db/client";
import { stripeEvents } from "@/db/schema";

/**
 * Stores a verified event in the inbox. Returns false for a duplicate delivery (same event id), which is
 * acknowledged without being stored or processed twice.
 */
export async function storeEvent(db: Database, event: Stripe.Event): Promise<boolean> {
  const inserted = await storeStatement(db).execute({
    id: event.id,
    type: event.type,
    account: event.account ?? null,
    apiVersion: event.api_version,
    livemode: event.livemode,
    stripeCreatedAt: new Date(event.created * 1000),
    payload: event,
  });
  return inserted.length === 1;
}

/**
 * The insert, built once per database handle and prepared on the server (named): building it per event was
 * drizzle's query builder on every delivery, 15 % of the ingest process's CPU at ~2 000 events/s.
 */
const storeStatements = new WeakMap<Database, ReturnType<typeof prepareStore>>();
function storeStatement(db: Database) {
  let statement = storeStatements.get(db);
  if (!statement) {
    statement = prepareStore(db);
    storeStatements.set(db, statement);
  }
  return statement;
}

function prepareStore(db: Database) {
  return db
    .insert(stripeEvents)
    .values({
      id: sql.placeholder("id"),
      type: sql.placeholder("type"),
      account: sql.placeholder("account"),
      apiVersion: sql.placeholder("apiVersion"),
      livemode: sql.placeholder("livemode"),
      stripeCreatedAt: sql.placeholder("stripeCreatedAt"),
      payload: sql.placeholder("payload"),
    })
    .onConflictDoNothing({ target: stripeEvents.id })
    .returning({ id: stripeEvents.id })
    .prepare("plaza_store_stripe_event");
}
