import "server-only";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { walletSettings } from "@/db/schema";

export type WalletSettings = typeof walletSettings.$inferSelect;

/** The member's settings; a member who never changed any reads the defaults (nothing is written). */
export async function getWalletSettings(db: Database, userId: string): Promise<WalletSettings> {
  const [row] = await db.select().from(walletSettings).where(eq(walletSettings.userId, userId)).limit(1);
  return row ?? defaults(userId);
}

function defaults(userId: string): WalletSettings {
  // The column defaults of wallet_settings, as a row that does not exist yet.
  return {
    userId,
    autoTopUpStatus: "off",
    autoTopUpAmount: 2000,
    paymentMethodId: null,
    cardLabel: null,
    setupSessionId: null,
    lowBalanceWarnings: true,
    updatedAt: new Date(0),
  };
}

export async function updateWalletSettings(db: Database, userId: string, patch: Partial<Omit<WalletSettings, "userId">>): Promise<void> {
  await db.insert(walletSettings).values({ userId }).onConflictDoNothing();
  await db.update(walletSettings).set({ ...patch, updatedAt: new Date() }).where(eq(walletSettings.userId, userId));
}
