/** A return path for after sign-in: only a path on this app, never another host (`//evil`, `https://…`). */
export function safeReturnPath(value: unknown, fallback = "/account"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}

/** True when `url` is an absolute http(s) URL on `origin` (redirect targets handed to Stripe). */
export function isOnOrigin(url: string, origin: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === "http:" || parsed.protocol === "https:") && parsed.origin === new URL(origin).origin;
  } catch {
    return false;
  }
}
