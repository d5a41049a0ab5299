import "server-only";
import { z } from "zod";
import { isValidTimeZone } from "./dates";
import { localSecret } from "./local-secret";
import { parseTrustedProxies } from "./auth/client-address";

/**
 * Every environment variable Plaza reads, validated once. Unset optional values get the embedded
 * defaults of the README's configuration table; a bad value stops the process with a message that
 * names the variable and what to set.
 */
const port = z.coerce.number().int().min(1).max(65535);
const optionalString = z.string().trim().min(1).optional();
const optionalUrl = z.url().optional();
const minorUnits = z.coerce.number().int().positive();

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: port.default(3000),
    HOST: z.string().trim().min(1).default("0.0.0.0"),
    APP_URL: optionalUrl,
    DATABASE_URL: z
      .string()
      .trim()
      .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
      .optional(),
    PGLITE_DIR: z.string().trim().min(1).default(".data/pglite"),
    AUTH_SECRET: z.string().trim().min(32, "must be at least 32 characters").optional(),
    PLAZA_DEMO: z.enum(["true", "false"]).optional(),
    PLAZA_CURRENCY: z
      .string()
      .trim()
      .regex(/^[a-zA-Z]{3}$/, "must be a three-letter ISO currency code such as usd")
      .transform((c) => c.toLowerCase())
      .default("usd"),
    PLAZA_TIME_ZONE: z
      .string()
      .trim()
      .refine(isValidTimeZone, "must be an IANA time zone such as UTC or Europe/London")
      .default("UTC"),
    STRIPE_SECRET_KEY: z
      .string()
      .trim()
      .regex(/^(sk|rk)_(test|live)_/, "must be a Stripe secret key (sk_test_... or sk_live_...)")
      .optional(),
    STRIPE_PUBLISHABLE_KEY: z
      .string()
      .trim()
      .regex(/^pk_(test|live)_/, "must be a Stripe publishable key (pk_test_... or pk_live_...)")
      .optional(),
    STRIPE_WEBHOOK_SECRET: optionalString,
    STRIPE_CONNECT_WEBHOOK_SECRET: optionalString,
    STRIPE_CONNECT_CLIENT_ID: optionalString,
    STRIPE_EMULATOR_PORT: port.default(12111),
    STRIPE_EMULATOR_URL: optionalUrl,
    SMTP_URL: z.string().trim().regex(/^smtps?:\/\//, "must start with smtp:// or smtps://").optional(),
    EMAIL_FROM: z.string().trim().min(3).default("Plaza <no-reply@plaza.test>"),
    WEBHOOK_WORKER: z.enum(["on", "off"]).default("on"),
    // The port of the dedicated webhook ingest process (`npm run ingest`: node:http without Next); unset = PORT.
    WEBHOOK_INGEST_PORT: port.optional(),
    // Proxies whose X-Forwarded-For entry is believed (addresses or CIDR ranges); unset = the socket address.
    TRUSTED_PROXIES: z
      .string()
      .trim()
      .optional()
      .superRefine((v, ctx) => {
        try {
          parseTrustedProxies(v);
        } catch (e) {
          ctx.addIssue({ code: "custom", message: `must be a comma-separated list of IP addresses or CIDR ranges (${e instanceof Error ? e.message : "invalid"})` });
        }
      }),
    WALLET_TOP_UP_MIN: minorUnits.default(500),
    WALLET_TOP_UP_MAX: minorUnits.default(100000),
    WALLET_LOW_BALANCE: minorUnits.default(1000),
    // Wallet top-up refunds to the card: the window in weeks and the platform's refund charge in basis points.
    WALLET_REFUND_WEEKS: z.coerce.number().int().min(0).max(520).default(12),
    WALLET_REFUND_CHARGE_BPS: z.coerce.number().int().min(0).max(10000).default(300),
  })
  .superRefine((v, ctx) => {
    if (v.STRIPE_SECRET_KEY && !v.STRIPE_PUBLISHABLE_KEY) {
      ctx.addIssue({ code: "custom", path: ["STRIPE_PUBLISHABLE_KEY"], message: "is required when STRIPE_SECRET_KEY is set" });
    }
    if (v.STRIPE_SECRET_KEY && !v.STRIPE_WEBHOOK_SECRET) {
      ctx.addIssue({ code: "custom", path: ["STRIPE_WEBHOOK_SECRET"], message: "is required when STRIPE_SECRET_KEY is set (whsec_... from `stripe listen` or the dashboard)" });
    }
    if (v.STRIPE_SECRET_KEY?.includes("_live_") && !v.AUTH_SECRET) {
      ctx.addIssue({ code: "custom", path: ["AUTH_SECRET"], message: "is required with a live Stripe key (generate one with `openssl rand -base64 32`)" });
    }
    if (v.WALLET_TOP_UP_MIN > v.WALLET_TOP_UP_MAX) {
      ctx.addIssue({ code: "custom", path: ["WALLET_TOP_UP_MIN"], message: "must not exceed WALLET_TOP_UP_MAX" });
    }
  });

export type StripeMode = "emulator" | "test" | "live";

function load() {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join(".") || "(environment)"} ${i.message}`);
    throw new Error(`Plaza's configuration is invalid. Fix these variables (see README, Configuration):\n${lines.join("\n")}`);
  }
  const v = parsed.data;
  const stripeMode: StripeMode = !v.STRIPE_SECRET_KEY ? "emulator" : v.STRIPE_SECRET_KEY.includes("_live_") ? "live" : "test";
  const appUrl = (v.APP_URL ?? `http://localhost:${v.PORT}`).replace(/\/$/, "");
  const emulatorUrl = (v.STRIPE_EMULATOR_URL ?? `http://localhost:${v.STRIPE_EMULATOR_PORT}`).replace(/\/$/, "");
  return {
    ...v,
    appUrl,
    appOrigin: new URL(appUrl).origin,
    databaseDriver: v.DATABASE_URL ? ("postgres" as const) : ("pglite" as const),
    demoMode: v.PLAZA_DEMO ? v.PLAZA_DEMO === "true" : stripeMode === "emulator",
    authSecret: v.AUTH_SECRET ?? localSecret("auth-secret"),
    stripeMode,
    emulatorUrl,
    trustedProxies: parseTrustedProxies(v.TRUSTED_PROXIES),
    // The emulator accepts any sk_test_ key; one fixed key keeps the app's state in one tenant.
    stripeSecretKey: v.STRIPE_SECRET_KEY ?? "sk_test_plaza_emulator",
    webhookSecret: v.STRIPE_WEBHOOK_SECRET ?? localSecret("stripe-webhook-secret", "whsec_"),
    connectWebhookSecret: v.STRIPE_CONNECT_WEBHOOK_SECRET ?? v.STRIPE_WEBHOOK_SECRET ?? localSecret("stripe-connect-webhook-secret", "whsec_"),
  };
}

export type Env = ReturnType<typeof load>;

let cached: Env | undefined;
export function env(): Env {
  cached ??= load();
  return cached;
}
