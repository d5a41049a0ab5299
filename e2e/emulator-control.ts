import { E2E_EMULATOR_PORT } from "../playwright.config";

/** Drives the e2e run's Stripe emulator through its control API (same key as the app's emulator tenant). */
export async function emulatorControl(path: string, body: unknown = {}): Promise<unknown> {
  const r = await fetch(`http://127.0.0.1:${E2E_EMULATOR_PORT}${path}`, {
    method: "POST",
    headers: { Authorization: "Bearer sk_test_plaza_emulator", "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`emulator ${path} answered ${r.status}: ${await r.text()}`);
  return r.json();
}

export const chaos = {
  on: () => emulatorControl("/_emu/webhooks/config", { shuffle: true, duplicate: true }),
  off: () => emulatorControl("/_emu/webhooks/config", { shuffle: false, duplicate: false, fail_first_n: 0 }),
};
