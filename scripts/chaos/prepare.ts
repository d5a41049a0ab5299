import { DEFAULT_PORTS, instanceEnv } from "./cluster";

/**
 * The driver process calls a few Plaza functions in-process (users, saving a card, IOU payments): it must see
 * the same emulator and app origin as the instances. Call before anything reads lib/env.
 */
export function prepareChaosProcess(ports = DEFAULT_PORTS): void {
  const env = instanceEnv("postgres://unused/unused", ports);
  for (const k of ["APP_URL", "AUTH_SECRET", "STRIPE_WEBHOOK_SECRET", "STRIPE_CONNECT_WEBHOOK_SECRET", "STRIPE_EMULATOR_PORT", "STRIPE_EMULATOR_URL", "PLAZA_DEMO"] as const) process.env[k] = env[k];
  process.env.WEBHOOK_WORKER = "off";
  delete process.env.STRIPE_SECRET_KEY;
}
