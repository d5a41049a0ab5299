import type Stripe from "stripe";

/** One thing standing between an organisation and selling (or being paid), in plain words with the next step. */
export interface SellReason {
  code: string;
  message: string;
  action: string;
  /** blocking: no sales until it is fixed; warning: sales work but something needs attention. */
  severity: "blocking" | "warning";
}

type DisabledReason = Stripe.Account.Requirements.DisabledReason;

const REJECTED = "Stripe has closed this account for payments. Contact Stripe support from your Stripe Dashboard; if it can't be reopened, connect a different account.";

/** Every disabled reason Stripe documents, as a reason a seller can act on. */
export const DISABLED_REASONS: Record<DisabledReason, Omit<SellReason, "severity">> = {
  "action_required.requested_capabilities": {
    code: "capability_inactive",
    message: "Stripe needs you to request the ability to take card payments on this account.",
    action: "Open onboarding again and accept the card payments capability.",
  },
  listed: { code: "under_review", message: "Stripe is checking this account against sanctions lists.", action: "Nothing to do now: Stripe will email you if it needs anything. This usually takes a few days." },
  other: { code: "under_review", message: "Stripe has paused this account for a reason it has not shared with Plaza.", action: "Check your Stripe Dashboard or contact Stripe support." },
  platform_paused: { code: "platform_paused", message: "Plaza has paused payments for this account.", action: "Contact Plaza support to find out why and what to do." },
  "rejected.fraud": { code: "rejected", message: "Stripe rejected this account on suspicion of fraud.", action: REJECTED },
  "rejected.incomplete_verification": { code: "rejected", message: "Stripe rejected this account because its verification was never completed in time.", action: REJECTED },
  "rejected.listed": { code: "rejected", message: "Stripe rejected this account because it appears on a sanctions list.", action: REJECTED },
  "rejected.other": { code: "rejected", message: "Stripe rejected this account.", action: REJECTED },
  "rejected.platform_fraud": { code: "rejected", message: "Plaza rejected this account on suspicion of fraud.", action: "Contact Plaza support." },
  "rejected.platform_other": { code: "rejected", message: "Plaza rejected this account.", action: "Contact Plaza support." },
  "rejected.platform_terms_of_service": { code: "rejected", message: "Plaza rejected this account for breaking its terms of service.", action: "Contact Plaza support." },
  "rejected.terms_of_service": { code: "rejected", message: "Stripe rejected this account for breaking its terms of service.", action: REJECTED },
  "requirements.past_due": {
    code: "past_due",
    message: "Stripe needs more information and the deadline has passed, so payments are switched off.",
    action: "Provide the missing information now; payments resume as soon as Stripe accepts it.",
  },
  "requirements.pending_verification": {
    code: "under_review",
    message: "Stripe is verifying the information you provided.",
    action: "Nothing to do now: this usually takes minutes, sometimes a few days. This page updates by itself.",
  },
  under_review: { code: "under_review", message: "Stripe is reviewing this account.", action: "Nothing to do now: Stripe will email you if it needs anything." },
};

/** A Stripe requirement name ("individual.verification.document") in words. */
export function requirementLabel(requirement: string): string {
  const known: Record<string, string> = {
    business_type: "the type of business",
    "business_profile.url": "your website",
    "business_profile.mcc": "what you sell",
    "business_profile.name": "your business name",
    external_account: "a bank account for payouts",
    "tos_acceptance.date": "acceptance of Stripe's terms",
    "tos_acceptance.ip": "acceptance of Stripe's terms",
    "individual.first_name": "your first name",
    "individual.last_name": "your last name",
    "individual.dob.day": "your date of birth",
    "individual.dob.month": "your date of birth",
    "individual.dob.year": "your date of birth",
    "individual.address.line1": "your address",
    "individual.address.city": "your address",
    "individual.address.postal_code": "your address",
    "individual.email": "your email address",
    "individual.phone": "your phone number",
    "individual.id_number": "your ID number",
    "individual.ssn_last_4": "the last 4 digits of your SSN",
    "individual.verification.document": "a photo of your identity document",
  };
  return known[requirement] ?? requirement.replaceAll("_", " ").replaceAll(".", " › ");
}

export function requirementsSentence(requirements: string[]): string {
  const labels = [...new Set(requirements.map(requirementLabel))];
  if (labels.length <= 1) return labels[0] ?? "";
  return `${labels.slice(0, -1).join(", ")} and ${labels[labels.length - 1]}`;
}
