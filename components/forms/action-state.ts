import type { z } from "zod";
import { isAppError } from "@/lib/errors";
import { LedgerError } from "@/lib/ledger/errors";
import { MoneyError, parseMajorToMinor } from "@/lib/money";

/** What a server action answers to its form (useActionState): messages, field errors, and the values typed. */
export interface ActionState {
  error?: string;
  success?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
}

/** Field values as strings, to put back in the form after an error. */
export function formValues(formData: FormData, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) out[n] = String(formData.get(n) ?? "");
  return out;
}

export class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Runs each field's check and collects every FieldError, so a form shows all its mistakes at once; throws a
 * FieldErrors when any failed, else returns the checked values.
 */
export class FieldErrors extends Error {
  constructor(readonly errors: Record<string, string>) {
    super(Object.values(errors).join(" "));
  }
}

export function checkFields<T extends Record<string, () => unknown>>(checks: T): { [K in keyof T]: ReturnType<T[K]> } {
  const out: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const [name, check] of Object.entries(checks)) {
    try {
      out[name] = check();
    } catch (e) {
      if (e instanceof FieldError) errors[e.field] = e.message;
      else throw e;
    }
  }
  if (Object.keys(errors).length > 0) throw new FieldErrors(errors);
  return out as { [K in keyof T]: ReturnType<T[K]> };
}

/**
 * What a person typed in major units ("12.34") as positive minor units of `currency`; never a float.
 * Throws FieldError for the field on anything else.
 */
export function amountFromForm(formData: FormData, field: string, currency: string): number {
  const raw = String(formData.get(field) ?? "").trim();
  if (!raw) throw new FieldError(field, "Enter an amount, like 12.34.");
  let minor: number;
  try {
    minor = parseMajorToMinor(raw.replace(/^[$€£]/, ""), currency);
  } catch (e) {
    if (e instanceof MoneyError) throw new FieldError(field, e.message.replace(/^"[^"]*"/, "This amount") + ".");
    throw e;
  }
  if (minor <= 0) throw new FieldError(field, "Enter an amount greater than zero.");
  return minor;
}

/**
 * A form's fields parsed with the command's own schema (the one its JSON route uses): text fields as typed,
 * money fields converted from major units first. Every mistake is collected, so the form shows them all at
 * once; `messages` words a field's error for this form ("the member's email" rather than "an email").
 */
export function parseForm<S extends z.ZodObject>(
  schema: S,
  formData: FormData,
  opts: { money?: { fields: string[]; currency: string }; messages?: Record<string, string> } = {},
): z.infer<S> {
  const raw: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const name of Object.keys(schema.shape)) {
    if (opts.money?.fields.includes(name)) {
      try {
        raw[name] = amountFromForm(formData, name, opts.money.currency);
      } catch (e) {
        if (!(e instanceof FieldError)) throw e;
        errors[name] = e.message;
      }
    } else {
      const value = formData.get(name);
      if (typeof value === "string") raw[name] = value;
    }
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success && Object.keys(errors).length === 0) return parsed.data;
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const field = String(issue.path[0] ?? "");
    if (field && !errors[field]) errors[field] = opts.messages?.[field] ?? capitalise(issue.message);
  }
  throw new FieldErrors(errors);
}

function capitalise(text: string): string {
  const t = text.endsWith(".") ? text : `${text}.`;
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/**
 * Turns a known failure into form state: a FieldError or an AppError with a `param` becomes that field's
 * error (params are mapped to the form's own field names), any other AppError the form's message. Anything
 * else is rethrown (Next's redirects included).
 */
export function stateFromError(e: unknown, values: Record<string, string>, paramToField: Record<string, string> = {}): ActionState {
  if (e instanceof FieldError) return { fieldErrors: { [e.field]: e.message }, values };
  if (e instanceof FieldErrors) return { fieldErrors: e.errors, values };
  if (isAppError(e)) {
    if (e.code === "unauthenticated") return { error: "Your session has ended. Sign in again to continue.", values };
    const field = e.param ? (paramToField[e.param] ?? e.param) : undefined;
    if (field && field in values) return { fieldErrors: { [field]: stripParam(e.message) }, values };
    return { error: stripParam(e.message), values };
  }
  if (e instanceof LedgerError) {
    if (e.code === "insufficient_funds") return { error: "The balance is too low for this payment.", values };
    if (e.code === "idempotency_conflict") return { error: "This form was already used for a different payment. Reload the page and try again.", values };
  }
  throw e;
}

/** Library messages sometimes start with "amount: "; a form shows the message beside the field instead. */
function stripParam(message: string): string {
  const m = /^[a-zA-Z]+: (.*)$/.exec(message);
  const text = m ? m[1] : message;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
