import { z } from "zod";

/**
 * The one rule for text a person types (descriptions, names, emails, reasons). Postgres refuses NUL inside
 * text and jsonb, and unpaired UTF-16 surrogates cannot be encoded as UTF-8 at all: such strings must be
 * refused at the boundary with a 422 naming the field, never reach the database and crash as a 500.
 * Control characters are refused too (they have no meaning in a description and hide content in emails and
 * CSV exports). What a person would expect to be tidied is tidied instead: surrounding whitespace is trimmed
 * and the text is put in Unicode NFC, so "é" typed two ways is stored one way.
 */

// C0 and C1 controls and DEL. Tab and newline are allowed only in multi-line text.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_EXCEPT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export type TextProblem = "control_character" | "unpaired_surrogate";

/** Why a string cannot be stored as text, or null when it can. */
export function textProblem(value: string, opts: { multiline?: boolean } = {}): TextProblem | null {
  if (LONE_SURROGATE.test(value)) return "unpaired_surrogate";
  if ((opts.multiline ? CONTROL_EXCEPT_LINES : CONTROL).test(value)) return "control_character";
  return null;
}

const MESSAGES: Record<TextProblem, string> = {
  control_character: "must not contain control characters",
  unpaired_surrogate: "must be valid Unicode text (it contains a broken character)",
};

export interface TextOptions {
  /** Maximum length in characters after trimming (always bounded: there is no unlimited text). */
  max: number;
  /** Minimum length after trimming; 1 makes the field required. Default 0. */
  min?: number;
  /** Allow line breaks and tabs (multi-line notes). Default false. */
  multiline?: boolean;
  /** The message for a too-short value, e.g. "Enter your name." */
  requiredMessage?: string;
  /** The message for a too-long value, e.g. "Use at most 100 characters." */
  maxMessage?: string;
}

/** A zod string that is storable text: checked, trimmed, NFC-normalised and bounded. */
export function text(opts: TextOptions) {
  const min = opts.min ?? 0;
  return z
    .string()
    .superRefine((value, ctx) => {
      // Checked before normalising: normalize() on a lone surrogate is not an error, so it would survive.
      const problem = textProblem(value, opts);
      if (problem) ctx.addIssue({ code: "custom", message: MESSAGES[problem] });
    })
    .transform((value) => value.trim().normalize("NFC"))
    .pipe(
      z
        .string()
        .min(min, opts.requiredMessage ?? (min === 1 ? "must not be empty" : `must be at least ${min} characters`))
        .max(opts.max, opts.maxMessage ?? `must be at most ${opts.max} characters`),
    );
}

/** An email address: storable text, trimmed and lower-cased (addresses are compared that way), at most 254 characters. */
export function emailAddress(message = "must be an email address, like name@example.com") {
  return text({ max: 254 })
    .transform((value) => value.toLowerCase())
    .pipe(z.email(message));
}

/** True when every string anywhere inside `value` is storable (for JSON documents bound for jsonb). */
export function isStorableJson(value: unknown, depth = 0): boolean {
  if (depth > 64) return false;
  if (typeof value === "string") return textProblem(value, { multiline: true }) !== "unpaired_surrogate" && !value.includes("\u0000");
  if (Array.isArray(value)) return value.every((v) => isStorableJson(v, depth + 1));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).every(([k, v]) => isStorableJson(k, depth + 1) && isStorableJson(v, depth + 1));
  }
  return true;
}
