/**
 * Plaza's security headers, in one place for every kind of response: pages (a per-request nonce CSP, set by
 * proxy.ts), API and downloads (a CSP that allows nothing: JSON and files are never documents that run
 * code), static assets (next.config.ts) and the webhook fast path (scripts/server.ts).
 */

export const BASE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  // For browsers older than CSP frame-ancestors.
  "X-Frame-Options": "DENY",
};

/** For responses that are not pages: nothing may run, load or frame them. */
export const NON_DOCUMENT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export interface PagePolicyInput {
  nonce: string;
  /** `next dev` needs eval (React's debugging) and inline styles (its overlay); production gets neither. */
  dev: boolean;
  /** The emulator's origin in emulator mode; null with real Stripe keys. */
  emulatorOrigin: string | null;
}

/**
 * Stripe's documented origins for Stripe.js, Elements and Embedded Checkout
 * (https://docs.stripe.com/security/guide#content-security-policy).
 */
const STRIPE = {
  script: ["https://js.stripe.com", "https://*.js.stripe.com"],
  frame: ["https://js.stripe.com", "https://*.js.stripe.com", "https://hooks.stripe.com", "https://checkout.stripe.com"],
  connect: ["https://api.stripe.com", "https://checkout.stripe.com", "https://merchant-ui-api.stripe.com"],
  image: ["https://*.stripe.com"],
  // Hosted Checkout and Connect onboarding are reached by a form post answered with a redirect.
  form: ["https://checkout.stripe.com", "https://connect.stripe.com"],
};

export function pageContentSecurityPolicy({ nonce, dev, emulatorOrigin }: PagePolicyInput): string {
  const stripe = emulatorOrigin
    ? { script: [emulatorOrigin], frame: [emulatorOrigin], connect: [emulatorOrigin], image: [], form: [emulatorOrigin] }
    : STRIPE;
  const directives: [string, string[]][] = [
    ["default-src", ["'self'"]],
    // 'strict-dynamic': scripts Next's nonce'd scripts add (Stripe.js) may run; the hosts are for CSP2 browsers.
    ["script-src", ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...stripe.script, ...(dev ? ["'unsafe-eval'"] : [])]],
    // A nonce disables 'unsafe-inline', so dev (whose overlay injects styles) gets 'unsafe-inline' alone.
    ["style-src", ["'self'", ...(dev ? ["'unsafe-inline'"] : [`'nonce-${nonce}'`])]],
    ["img-src", ["'self'", "data:", "blob:", ...stripe.image]],
    ["font-src", ["'self'"]],
    ["connect-src", ["'self'", ...stripe.connect, ...(dev ? ["ws:", "wss:"] : [])]],
    ["frame-src", stripe.frame],
    ["form-action", ["'self'", ...stripe.form]],
    ["frame-ancestors", ["'none'"]],
    ["base-uri", ["'self'"]],
    ["object-src", ["'none'"]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(" ")}`).join("; ");
}

/** A fresh, unguessable nonce per page response (128 bits, base64). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
