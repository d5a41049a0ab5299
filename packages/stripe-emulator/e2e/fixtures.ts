import { test as base } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import { startEmulator, type RunningEmulator } from '../index.js';

export interface EmulatorFixture {
  emulator: RunningEmulator;
  /** Public base URL the hosted pages use (http://localhost:<port>). */
  publicUrl: string;
  stripe: Stripe;
  key: string;
  control<T = Record<string, unknown>>(method: string, path: string, body?: Record<string, unknown>): Promise<T>;
}

/** Starts an in-process emulator per worker (port 0) and a fresh tenant key per test. */
export const test = base.extend<{ emu: EmulatorFixture }, { running: RunningEmulator }>({
  running: [async ({}, use) => {
    const emulator = await startEmulator({ port: 0, deliveryMode: 'sync', quiet: true });
    await use(emulator);
    await emulator.close();
  }, { scope: 'worker' }],
  emu: async ({ running }, use) => {
    const key = `sk_test_pw_${randomBytes(6).toString('hex')}`;
    const stripe = new Stripe(key, { host: '127.0.0.1', port: running.port, protocol: 'http', telemetry: false, maxNetworkRetries: 0 });
    const control = async <T>(method: string, path: string, body?: Record<string, unknown>): Promise<T> => {
      const res = await fetch(`${running.url}${path}`, { method, headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
      const parsed: T = await res.json();
      return parsed;
    };
    await use({ emulator: running, publicUrl: `http://localhost:${running.port}`, stripe, key, control });
  },
});

export { expect } from '@playwright/test';

export const ITEM = { price_data: { currency: 'usd', unit_amount: 2500, product_data: { name: 'Ceramic bowl' } }, quantity: 2 };
