import { z } from "zod";
import { emailAddress as emailAddressRule, text } from "@/lib/validation/text";

/** Shared input building blocks: every command's schema is made of these, so each rule is written once. */

/** An amount of money in integer minor units (never a float, never zero or negative). */
export const minorAmount = z
  .number({ error: "amount must be a number of minor units (cents)" })
  .int("amount must be a whole number of minor units (cents)")
  .positive("amount must be greater than zero")
  .max(Number.MAX_SAFE_INTEGER, "amount is too large");

/** Storable text (lib/validation/text.ts), trimmed, lower-cased, at most 254 characters. */
export const emailAddress = emailAddressRule("Enter an email address, like name@example.com.");

/** What a payment or IOU is for: one line of storable text the member reads. */
export const paymentDescription = text({ min: 1, max: 200, requiredMessage: "Say what the payment is for; the member sees it.", maxMessage: "Use at most 200 characters." });

/** Where Checkout runs: Stripe's hosted page, or embedded in Plaza's own page. */
export const uiMode = z.enum(["hosted", "embedded"]);
