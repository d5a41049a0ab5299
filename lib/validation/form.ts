import type { z } from "zod";

/**
 * One form field through a schema of lib/validation, for server actions: the parsed value, or the first
 * problem as a sentence to show beside the field ("Must not contain control characters.").
 */
export function parseField<S extends z.ZodType>(schema: S, value: unknown): { ok: true; value: z.infer<S> } | { ok: false; message: string } {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const message = result.error.issues[0]?.message ?? "is not valid";
  const sentence = message.charAt(0).toUpperCase() + message.slice(1);
  return { ok: false, message: /[.!?]$/.test(sentence) ? sentence : `${sentence}.` };
}
