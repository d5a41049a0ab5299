/** Resolved emulator configuration (options over environment over defaults). */
export interface EmulatorOptions {
  /** 0 = random; default env STRIPE_EMULATOR_PORT or 12111 */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  /** default http://localhost:<port> */
  publicUrl?: string;
  /** default "listen" endpoint, env STRIPE_EMULATOR_WEBHOOK_URL */
  webhookUrl?: string;
  /** platform secret for that endpoint, env STRIPE_EMULATOR_WEBHOOK_SECRET */
  webhookSecret?: string;
  /** env STRIPE_EMULATOR_CONNECT_WEBHOOK_SECRET; defaults to webhookSecret */
  connectWebhookSecret?: string;
  /** default async; env STRIPE_EMULATOR_DELIVERY */
  deliveryMode?: 'sync' | 'async';
  oauthRedirects?: string[];
  quiet?: boolean;
  /** Refuse requests the SDK's params types do not allow (default true; env STRIPE_EMULATOR_STRICT=0 turns it off). */
  strict?: boolean;
}

export interface ResolvedConfig {
  port: number;
  host: string;
  publicUrl: string | undefined;
  webhookUrl: string | undefined;
  webhookSecret: string;
  connectWebhookSecret: string;
  deliveryMode: 'sync' | 'async';
  oauthRedirects: string[];
  quiet: boolean;
  strict: boolean;
  isolate: boolean;
  apiVersion: string;
  stripeFeePercent: number;
  stripeFeeFixed: number;
  webhookTimeoutMs: number;
}

export const DEFAULT_API_VERSION = '2026-10-28.endive';

export function resolveConfig(opts: EmulatorOptions, env: NodeJS.ProcessEnv = process.env): ResolvedConfig {
  const envPort = env.STRIPE_EMULATOR_PORT ? Number(env.STRIPE_EMULATOR_PORT) : undefined;
  const webhookSecret = opts.webhookSecret ?? env.STRIPE_EMULATOR_WEBHOOK_SECRET ?? 'whsec_plaza_emulator_listen_secret';
  const mode = opts.deliveryMode ?? (env.STRIPE_EMULATOR_DELIVERY === 'sync' ? 'sync' : 'async');
  return {
    port: opts.port ?? envPort ?? 12111,
    host: opts.host ?? env.STRIPE_EMULATOR_HOST ?? '127.0.0.1',
    publicUrl: opts.publicUrl ?? env.STRIPE_EMULATOR_PUBLIC_URL,
    webhookUrl: opts.webhookUrl ?? env.STRIPE_EMULATOR_WEBHOOK_URL,
    webhookSecret,
    connectWebhookSecret: opts.connectWebhookSecret ?? env.STRIPE_EMULATOR_CONNECT_WEBHOOK_SECRET ?? webhookSecret,
    deliveryMode: mode,
    oauthRedirects: opts.oauthRedirects ?? (env.STRIPE_EMULATOR_OAUTH_REDIRECTS ? env.STRIPE_EMULATOR_OAUTH_REDIRECTS.split(',').map((s) => s.trim()).filter(Boolean) : []),
    quiet: opts.quiet ?? false,
    strict: opts.strict ?? env.STRIPE_EMULATOR_STRICT !== '0',
    isolate: env.STRIPE_EMULATOR_ISOLATE !== 'none',
    apiVersion: env.STRIPE_EMULATOR_API_VERSION ?? DEFAULT_API_VERSION,
    stripeFeePercent: env.STRIPE_EMULATOR_FEE_PERCENT ? Number(env.STRIPE_EMULATOR_FEE_PERCENT) : 2.9,
    stripeFeeFixed: env.STRIPE_EMULATOR_FEE_FIXED ? Number(env.STRIPE_EMULATOR_FEE_FIXED) : 30,
    webhookTimeoutMs: 10_000,
  };
}
