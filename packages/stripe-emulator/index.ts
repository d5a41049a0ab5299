import type { AddressInfo } from 'node:net';
import { buildRouter } from './app.js';
import { resolveConfig, type EmulatorOptions } from './config.js';
import { Emulator } from './emulator.js';
import { loadSchemas } from './conformance/generate.js';
import { createEmulatorServer } from './server.js';
import { createRequestValidator } from './validation/index.js';

export type { EmulatorOptions } from './config.js';

export interface RunningEmulator { url: string; port: number; close(): Promise<void> }

/** Starts the offline Stripe emulator (API, control API, hosted pages, Stripe.js shim) on one HTTP port. */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const config = resolveConfig(opts);
  const emu = new Emulator(config);
  // Schemas come from the installed SDK's .d.ts (cached in the OS temp dir; the first start generates them, ~10 s).
  const validator = config.strict ? createRequestValidator(loadSchemas().definitions) : null;
  const server = createEmulatorServer(emu, buildRouter(), validator);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? (address satisfies AddressInfo).port : config.port;
  const url = `http://${config.host}:${port}`;
  emu.publicUrl = (config.publicUrl ?? `http://localhost:${port}`).replace(/\/$/, '');
  const ticker = setInterval(() => { void emu.tick().catch(() => undefined); }, 1000);
  ticker.unref();
  return {
    url,
    port,
    close: () => new Promise<void>((resolve) => {
      clearInterval(ticker);
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
