import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { route } from "@/lib/http/respond";
import { holderBalance } from "@/lib/statements/holder";
import { getWalletSettings } from "@/lib/wallet/settings";

export const dynamic = "force-dynamic";

export const GET = route(async () => {
  const user = await requireUser();
  const db = await getDb();
  const [balance, settings] = await Promise.all([holderBalance(db, { userId: user.id }), getWalletSettings(db, user.id)]);
  return NextResponse.json({ balance, autoTopUp: { status: settings.autoTopUpStatus, amount: settings.autoTopUpAmount } });
});
