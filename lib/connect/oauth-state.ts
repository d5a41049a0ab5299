import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { oauthStates } from "@/db/schema";
import { env } from "@/lib/env";
import { ConnectRefusal } from "./refusal";

/** How long a consent screen may stay open before its `state` is refused. */
export const OAUTH_STATE_TTL_MS = 10 * 60 * 1000;

function sign(id: string, userId: string, organisationId: string, expiresAt: number): string {
  return createHmac("sha256", env().authSecret).update(`connect-oauth|${id}|${userId}|${organisationId}|${expiresAt}`).digest("base64url");
}

/**
 * A fresh `state` for the OAuth authorize URL: a random id stored with the user and organisation it was made
 * for, plus an HMAC over them, so the callback can tell a forged, expired, replayed or someone else's state.
 */
export async function createOAuthState(db: Database, userId: string, organisationId: string): Promise<string> {
  const id = crypto.randomUUID();
  const expiresAt = Date.now() + OAUTH_STATE_TTL_MS;
  await db.insert(oauthStates).values({ id, userId, organisationId, expiresAt: new Date(expiresAt) });
  return `${id}.${expiresAt}.${sign(id, userId, organisationId, expiresAt)}`;
}

/** Checks a returned `state` and uses it up (in the caller's transaction): the organisation it was made for. */
export async function consumeOAuthState(tx: Database, state: string | null, userId: string): Promise<string> {
  if (!state) throw new ConnectRefusal("state_missing");
  const [id, expires, mac] = state.split(".");
  const [row] = id ? await tx.select().from(oauthStates).where(eq(oauthStates.id, id)).limit(1).for("update") : [];
  if (!row || !expires || !mac) throw new ConnectRefusal("state_invalid");
  const expected = Buffer.from(sign(row.id, row.userId, row.organisationId, row.expiresAt.getTime()));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given) || Number(expires) !== row.expiresAt.getTime()) {
    throw new ConnectRefusal("state_invalid");
  }
  if (row.userId !== userId) throw new ConnectRefusal("state_invalid");
  if (row.usedAt) throw new ConnectRefusal("state_used");
  if (row.expiresAt.getTime() < Date.now()) throw new ConnectRefusal("state_expired");
  const used = await tx
    .update(oauthStates)
    .set({ usedAt: new Date() })
    .where(and(eq(oauthStates.id, row.id), isNull(oauthStates.usedAt), gt(oauthStates.expiresAt, new Date())))
    .returning({ id: oauthStates.id });
  if (used.length === 0) throw new ConnectRefusal("state_used");
  return row.organisationId;
}
