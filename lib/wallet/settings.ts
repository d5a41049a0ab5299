import "server-only";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { walletSettings } from "@/db/schema";

export type WalletSettings = typeof walletSettings.$inferSelect;

/**
 * A member's settings; the defaults when none are saved yet. Reading never writes: a GET, or a payment that
 * then fails, must leave no row behind (DESIGN.md section 6).
 */
export async function getWalletSettings(db: Database, userId: string): Promise<WalletSettings> {
  const [row] = await db.select().from(walletSettings).where(eq(walletSettings.userId, userId)).limit(1);
  return row ?? { ...DEFAULTS, userId, updatedAt: new Date() };
}

// The column defaults of wallet_settings (db/schema/wallet.ts).
const DEFAULTS: Omit<WalletSettings, "userId" | "updatedAt"> = {
  autoTopUpStatus: "off",
  autoTopUpAmount: 2000,
  paymentMethodId: null,
  cardLabel: null,
  setupSessionId: null,
  lowBalanceWarnings: true,
};

export async function updateWalletSettings(db: Database, userId: string, patch: Partial<Omit<WalletSettings, "userId">>): Promise<void> {
  await db.insert(walletSettings).values({ userId }).onConflictDoNothing();
  await db.update(walletSettings).set({ ...patch, updatedAt: new Date() }).where(eq(walletSettings.userId, userId));
}
