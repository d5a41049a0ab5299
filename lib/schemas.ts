import { z } from "zod";

/** Shared input building blocks: every command's schema is made of these, so each rule is written once. */

/** An amount of money in integer minor units (never a float, never zero or negative). */
export const minorAmount = z
  .number({ error: "amount must be a number of minor units (cents)" })
  .int("amount must be a whole number of minor units (cents)")
  .positive("amount must be greater than zero")
  .max(Number.MAX_SAFE_INTEGER, "amount is too large");

export const emailAddress = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter an email address, like name@example.com."));

/** Where Checkout runs: Stripe's hosted page, or embedded in Plaza's own page. */
export const uiMode = z.enum(["hosted", "embedded"]);
