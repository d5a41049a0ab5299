import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth";
import { route } from "@/lib/http/respond";
import { paymentHealth } from "@/lib/reports/health";

export const dynamic = "force-dynamic";

/** Stuck payments, webhook lag and failures, holds near expiry, failed payouts, statistics. */
export const GET = route(async () => {
  await requireRole("platform_admin");
  const h = await paymentHealth(await getDb());
  return NextResponse.json({
    stuckPayments: {
      topUps: h.stuckTopUps.map((t) => ({ ...t, createdAt: t.createdAt.toISOString() })),
      orders: h.stuckOrders.map((o) => ({ ...o, createdAt: o.createdAt.toISOString() })),
    },
    webhooks: { ...h.webhooks, oldestPendingAt: h.webhooks.oldestPendingAt?.toISOString() ?? null, failures: h.webhooks.failures.map((f) => ({ ...f, receivedAt: f.receivedAt.toISOString() })) },
    holdsNearExpiry: h.authorisationsNearExpiry.map((a) => ({ ...a, createdAt: a.createdAt.toISOString(), expiresAt: a.expiresAt.toISOString() })),
    failedPayouts: h.failedPayouts.map((p) => ({ ...p, receivedAt: p.receivedAt.toISOString() })),
    statistics: h.stats,
  });
});
