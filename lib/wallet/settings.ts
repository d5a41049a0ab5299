import "server-only";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { walletSettings } from "@/db/schema";

export type WalletSettings = typeof walletSettings.$inferSelect;

export async function getWalletSettings(db: Database, userId: string): Promise<WalletSettings> {
  const [row] = await db.select().from(walletSettings).where(eq(walletSettings.userId, userId)).limit(1);
  if (row) return row;
  await db.insert(walletSettings).values({ userId }).onConflictDoNothing();
  const [created] = await db.select().from(walletSettings).where(eq(walletSettings.userId, userId)).limit(1);
  return created;
}

export async function updateWalletSettings(db: Database, userId: string, patch: Partial<Omit<WalletSettings, "userId">>): Promise<void> {
  await getWalletSettings(db, userId);
  await db.update(walletSettings).set({ ...patch, updatedAt: new Date() }).where(eq(walletSettings.userId, userId));
}
