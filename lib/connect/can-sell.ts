import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { connectedAccounts } from "@/db/schema";
import { DISABLED_REASONS, requirementsSentence, type SellReason } from "./reasons";
import { formatDate } from "@/lib/dates";

export type { SellReason } from "./reasons";

export type ConnectedAccount = typeof connectedAccounts.$inferSelect;
export type ConnectKind = "standard" | "express" | "custom";

export interface ConnectStatus {
  account: {
    id: string;
    kind: ConnectKind;
    chargesEnabled: boolean;
    payoutsEnabled: boolean;
    detailsSubmitted: boolean;
    requirements: { currentlyDue: string[]; pastDue: string[]; eventuallyDue: string[]; pendingVerification: string[]; disabledReason: string | null; currentDeadline: string | null };
  } | null;
  canSell: boolean;
  reasons: SellReason[];
}

function isDisabledReason(v: string): v is keyof typeof DISABLED_REASONS {
  return Object.hasOwn(DISABLED_REASONS, v);
}

/** The organisation's current selling account (not disconnected), or null. */
export async function currentAccount(db: Database, organisationId: string): Promise<ConnectedAccount | null> {
  const [row] = await db
    .select()
    .from(connectedAccounts)
    .where(and(eq(connectedAccounts.organisationId, organisationId), isNull(connectedAccounts.deauthorizedAt)))
    .limit(1);
  return row ?? null;
}

/** The most recently disconnected account, to say "disconnected" rather than "never connected". */
async function lastDisconnected(db: Database, organisationId: string): Promise<ConnectedAccount | null> {
  const rows = await db.select().from(connectedAccounts).where(eq(connectedAccounts.organisationId, organisationId));
  return rows.filter((r) => r.deauthorizedAt).sort((a, b) => (b.deauthorizedAt?.getTime() ?? 0) - (a.deauthorizedAt?.getTime() ?? 0))[0] ?? null;
}

function dateWords(d: Date): string {
  return formatDate(d, "day");
}

/** Why an account cannot sell (or be paid), from its mirrored Stripe status; empty when all is well. */
export function reasonsFor(a: ConnectedAccount): SellReason[] {
  const reasons: SellReason[] = [];
  // Past-due requirements stop sales even if Stripe has not switched charges off yet: it is about to.
  const blocking = !a.chargesEnabled || a.pastDue.length > 0;
  if (a.disabledReason && isDisabledReason(a.disabledReason)) {
    const r = DISABLED_REASONS[a.disabledReason];
    const what = a.disabledReason === "requirements.past_due" && a.pastDue.length ? ` Missing: ${requirementsSentence(a.pastDue)}.` : "";
    reasons.push({ ...r, message: r.message + what, severity: blocking ? "blocking" : "warning" });
  } else if (a.disabledReason) {
    reasons.push({ code: "under_review", message: `Stripe has paused this account (${a.disabledReason}).`, action: "Check your Stripe Dashboard.", severity: blocking ? "blocking" : "warning" });
  }
  if (a.pastDue.length && a.disabledReason !== "requirements.past_due") {
    reasons.push({
      code: "past_due",
      message: `Stripe's deadline for ${requirementsSentence(a.pastDue)} has passed.`,
      action: "Provide it now to keep selling and being paid.",
      severity: blocking ? "blocking" : "warning",
    });
  }
  const dueSoon = a.requirementsDue.filter((r) => !a.pastDue.includes(r));
  if ((!a.detailsSubmitted && a.pastDue.length === 0) || dueSoon.length) {
    const deadline = a.currentDeadline ? ` by ${dateWords(a.currentDeadline)}` : "";
    reasons.push({
      code: "details_missing",
      message: dueSoon.length ? `Stripe still needs ${requirementsSentence(dueSoon)}${deadline}.` : "You haven't finished setting up your Stripe account.",
      action: a.kind === "custom" ? "Complete the form below." : a.kind === "standard" ? "Finish setting up your account in your Stripe Dashboard." : "Continue onboarding with Stripe.",
      severity: blocking || a.pastDue.length ? "blocking" : "warning",
    });
  }
  const cardPayments = a.capabilities.card_payments;
  if (a.detailsSubmitted && !a.disabledReason && cardPayments && cardPayments !== "active") {
    reasons.push({
      code: "capability_inactive",
      message: cardPayments === "pending" ? "Stripe is still switching on card payments for this account." : "Card payments are not switched on for this account.",
      action: cardPayments === "pending" ? "Nothing to do now: this page updates when Stripe is done." : "Open onboarding again and accept the card payments capability.",
      severity: blocking ? "blocking" : "warning",
    });
  }
  if (blocking && reasons.length === 0) {
    reasons.push({ code: "under_review", message: "Stripe has not switched on payments for this account yet.", action: "This usually takes a moment after onboarding; this page updates by itself.", severity: "blocking" });
  }
  if (!a.payoutsEnabled) {
    reasons.push({
      code: "payouts_disabled",
      message: "Stripe is not paying money out to your bank account at the moment; it stays in your Stripe balance until payouts resume.",
      action: a.requirementsDue.includes("external_account") ? "Add a bank account." : "Provide whatever Stripe still asks for above; payouts resume when it is accepted.",
      severity: "warning",
    });
  }
  return reasons;
}

function view(a: ConnectedAccount): NonNullable<ConnectStatus["account"]> {
  return {
    id: a.id,
    kind: a.kind ?? (a.type === "standard" ? "standard" : a.type === "custom" ? "custom" : "express"),
    chargesEnabled: a.chargesEnabled,
    payoutsEnabled: a.payoutsEnabled,
    detailsSubmitted: a.detailsSubmitted,
    requirements: {
      currentlyDue: a.requirementsDue,
      pastDue: a.pastDue,
      eventuallyDue: a.eventuallyDue,
      pendingVerification: a.pendingVerification,
      disabledReason: a.disabledReason,
      currentDeadline: a.currentDeadline?.toISOString() ?? null,
    },
  };
}

/**
 * The one guard for selling: whether the organisation can take payments now, and every reason why not, in
 * words with the next step. Publishing a listing and checkout use it too.
 */
export async function connectStatus(db: Database, organisationId: string): Promise<ConnectStatus> {
  const account = await currentAccount(db, organisationId);
  if (!account) {
    const gone = await lastDisconnected(db, organisationId);
    const reason: SellReason = gone
      ? { code: "disconnected", message: "Your Stripe account was disconnected from Plaza, so you can't sell.", action: "Connect a Stripe account again.", severity: "blocking" }
      : { code: "not_onboarded", message: "You haven't connected a Stripe account yet, so Plaza can't pay you.", action: "Connect a Stripe account.", severity: "blocking" };
    return { account: null, canSell: false, reasons: [reason] };
  }
  const reasons = reasonsFor(account);
  return { account: view(account), canSell: account.chargesEnabled && !reasons.some((r) => r.severity === "blocking"), reasons };
}

export async function canSell(db: Database, organisationId: string): Promise<{ canSell: boolean; reasons: SellReason[] }> {
  const s = await connectStatus(db, organisationId);
  return { canSell: s.canSell, reasons: s.reasons };
}

/** What a charge needs: the account to pay and how (direct charges for Standard, destination for the others). */
export async function sellingAccount(db: Database, organisationId: string): Promise<{ id: string; kind: ConnectKind; chargeType: "direct" | "destination" } | null> {
  const s = await connectStatus(db, organisationId);
  if (!s.canSell || !s.account) return null;
  return { id: s.account.id, kind: s.account.kind, chargeType: s.account.kind === "standard" ? "direct" : "destination" };
}
