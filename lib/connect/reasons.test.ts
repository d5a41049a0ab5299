import { describe, expect, it } from "vitest";
import type { ConnectedAccount } from "./can-sell";
import { reasonsFor } from "./can-sell";
import { DISABLED_REASONS } from "./reasons";

function account(over: Partial<ConnectedAccount> = {}): ConnectedAccount {
  return {
    id: "acct_test",
    organisationId: "org",
    type: "none",
    kind: "express",
    chargesEnabled: true,
    payoutsEnabled: true,
    detailsSubmitted: true,
    requirementsDue: [],
    pastDue: [],
    eventuallyDue: [],
    pendingVerification: [],
    requirementErrors: [],
    capabilities: { card_payments: "active", transfers: "active" },
    disabledReason: null,
    currentDeadline: null,
    scope: null,
    livemode: false,
    tosAcceptedAt: null,
    deauthorizedAt: null,
    stripeUpdatedAt: new Date(),
    createdAt: new Date(),
    ...over,
  };
}

describe("why can't I sell", () => {
  it("a healthy account has no reasons", () => {
    expect(reasonsFor(account())).toEqual([]);
  });

  it("every disabled reason Stripe documents gets words and a next step, and blocks while charges are off", () => {
    for (const disabledReason of Object.keys(DISABLED_REASONS)) {
      const reasons = reasonsFor(account({ chargesEnabled: false, payoutsEnabled: false, disabledReason }));
      const first = reasons[0];
      expect(first.severity, disabledReason).toBe("blocking");
      expect(first.message.length, disabledReason).toBeGreaterThan(20);
      expect(first.action.length, disabledReason).toBeGreaterThan(10);
      expect(first.message, disabledReason).not.toContain(disabledReason);
    }
  });

  it("requirements due with a deadline name the requirements in words and the date", () => {
    const reasons = reasonsFor(account({ requirementsDue: ["external_account", "individual.verification.document"], currentDeadline: new Date("2026-12-24T00:00:00Z") }));
    expect(reasons).toEqual([
      expect.objectContaining({ code: "details_missing", severity: "warning", message: "Stripe still needs a bank account for payouts and a photo of your identity document by 24 Dec 2026." }),
    ]);
  });

  it("past-due requirements block selling and say what is missing", () => {
    const reasons = reasonsFor(account({ chargesEnabled: false, pastDue: ["individual.dob.day", "individual.dob.month"], requirementsDue: ["individual.dob.day"], disabledReason: "requirements.past_due" }));
    expect(reasons[0]).toMatchObject({ code: "past_due", severity: "blocking" });
    expect(reasons[0].message).toContain("your date of birth");
  });

  it("a pending card-payments capability and disabled payouts are explained", () => {
    const pending = reasonsFor(account({ chargesEnabled: false, capabilities: { card_payments: "pending" } }));
    expect(pending.map((r) => r.code)).toContain("capability_inactive");
    const payouts = reasonsFor(account({ payoutsEnabled: false }));
    expect(payouts).toEqual([expect.objectContaining({ code: "payouts_disabled", severity: "warning" })]);
  });

  it("an account Stripe has not enabled yet, with nothing else known, still says why", () => {
    expect(reasonsFor(account({ chargesEnabled: false }))[0]).toMatchObject({ code: "under_review", severity: "blocking" });
  });
});
