import "server-only";
import { eq } from "drizzle-orm";
import Stripe from "stripe";
import { z } from "zod";
import type { Database } from "@/db/client";
import { connectedAccounts } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { assertNoTransaction } from "@/lib/payments/no-transaction";
import { stripe } from "@/lib/stripe/client";
import { mirrorConnectedAccount } from "./accounts";
import { connectStatus, currentAccount, type ConnectStatus } from "./can-sell";

const text = (max: number) => z.string().trim().max(max, `Use at most ${max} characters.`).optional().transform((v) => (v ? v : undefined));

/**
 * What Plaza's own onboarding form sends for a Custom account: only what Stripe lists as due is asked for,
 * so every field is optional here and Stripe's answer says what is still missing.
 */
export const customDetailsRequest = z.object({
  businessType: z.enum(["individual", "company"]).optional(),
  firstName: text(100),
  lastName: text(100),
  dob: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the date as YYYY-MM-DD.")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  email: text(200),
  phone: text(30),
  addressLine1: text(200),
  city: text(100),
  postalCode: text(20),
  state: text(50),
  routingNumber: text(20),
  accountNumber: text(30),
  acceptTos: z.enum(["on", "true"]).optional(),
});
export type CustomDetails = Partial<z.infer<typeof customDetailsRequest>>;

export interface IdentityDocument {
  name: string;
  type: string;
  data: Buffer;
}

/** Where a Stripe error's `param` ("individual[dob][year]") belongs on Plaza's form. */
const PARAM_TO_FIELD: [RegExp, keyof CustomDetails | "documentFront" | "documentBack"][] = [
  [/^business_type/, "businessType"],
  [/individual\[first_name\]/, "firstName"],
  [/individual\[last_name\]/, "lastName"],
  [/individual\[dob\]/, "dob"],
  [/individual\[email\]/, "email"],
  [/individual\[phone\]/, "phone"],
  [/individual\[address\]\[postal_code\]/, "postalCode"],
  [/individual\[address\]\[city\]/, "city"],
  [/individual\[address\]/, "addressLine1"],
  [/verification\]\[document\]\[back\]/, "documentBack"],
  [/verification\]\[document\]/, "documentFront"],
  [/external_account.*routing/, "routingNumber"],
  [/external_account/, "accountNumber"],
  [/tos_acceptance/, "acceptTos"],
];

function fieldFor(param: string | undefined): string | undefined {
  if (!param) return undefined;
  return PARAM_TO_FIELD.find(([re]) => re.test(param))?.[1];
}

function stripeFieldError(e: unknown): AppError {
  if (e instanceof Stripe.errors.StripeError && e.type === "StripeInvalidRequestError") {
    return new AppError("validation_failed", e.message ?? "Stripe did not accept this detail.", { param: fieldFor(e.param) });
  }
  return new AppError("stripe_unavailable", `Stripe could not be reached: ${e instanceof Error ? e.message : "unknown error"}. Try again in a moment.`);
}

async function uploadDocument(doc: IdentityDocument, field: "documentFront" | "documentBack"): Promise<string> {
  try {
    const file = await stripe().files.create({ purpose: "identity_document", file: { data: doc.data, name: doc.name, type: doc.type || "application/octet-stream" } });
    return file.id;
  } catch (e) {
    const err = stripeFieldError(e);
    throw new AppError(err.code, err.message, { param: field });
  }
}

function dobParts(dob: string): Stripe.AccountUpdateParams.Individual.Dob {
  const [year, month, day] = dob.split("-").map(Number);
  return { day, month, year };
}

/**
 * Sends the form's details to Stripe for the organisation's Custom account: identity documents through the
 * Files API first, then one account update, with the seller's acceptance of Stripe's terms (date, IP, user
 * agent) when they ticked it. Stripe's refusals come back on the field they concern.
 */
export async function submitCustomDetails(
  db: Database,
  organisationId: string,
  d: CustomDetails,
  docs: { front?: IdentityDocument; back?: IdentityDocument },
  client: { ip: string; userAgent: string },
): Promise<ConnectStatus> {
  assertNoTransaction(db, "submitCustomDetails");
  const account = await currentAccount(db, organisationId);
  if (!account || account.kind !== "custom") throw new AppError("not_found", "This organisation has no Custom account to complete. Choose Custom under “Connect” first.");
  const [front, back] = await Promise.all([docs.front ? uploadDocument(docs.front, "documentFront") : undefined, docs.back ? uploadDocument(docs.back, "documentBack") : undefined]);
  const individual: Stripe.AccountUpdateParams.Individual = {
    ...(d.firstName ? { first_name: d.firstName } : {}),
    ...(d.lastName ? { last_name: d.lastName } : {}),
    ...(d.email ? { email: d.email } : {}),
    ...(d.phone ? { phone: d.phone } : {}),
    ...(d.dob ? { dob: dobParts(d.dob) } : {}),
    ...(d.addressLine1 || d.city || d.postalCode ? { address: { line1: d.addressLine1, city: d.city, postal_code: d.postalCode, state: d.state, country: "US" } } : {}),
    ...(front || back ? { verification: { document: { ...(front ? { front } : {}), ...(back ? { back } : {}) } } } : {}),
  };
  const acceptedAt = new Date();
  const params: Stripe.AccountUpdateParams = {
    ...(d.businessType ? { business_type: d.businessType } : {}),
    ...(Object.keys(individual).length ? { individual } : {}),
    ...(d.routingNumber && d.accountNumber
      ? { external_account: { object: "bank_account", country: "US", currency: "usd", routing_number: d.routingNumber, account_number: d.accountNumber } }
      : {}),
    ...(d.acceptTos ? { tos_acceptance: { date: Math.floor(acceptedAt.getTime() / 1000), ip: client.ip, user_agent: client.userAgent.slice(0, 500) } } : {}),
  };
  if ((d.routingNumber && !d.accountNumber) || (!d.routingNumber && d.accountNumber)) {
    throw new AppError("validation_failed", "Enter both the routing number and the account number.", { param: d.routingNumber ? "accountNumber" : "routingNumber" });
  }
  let updated: Stripe.Account;
  try {
    updated = await stripe().accounts.update(account.id, params);
  } catch (e) {
    throw stripeFieldError(e);
  }
  await db.transaction(async (tx) => {
    await mirrorConnectedAccount(tx, updated, new Date());
    if (d.acceptTos) await tx.update(connectedAccounts).set({ tosAcceptedAt: acceptedAt }).where(eq(connectedAccounts.id, account.id));
  });
  return connectStatus(db, organisationId);
}
