import { startEmulator } from './index.js';

/** `npm run stripe:emulator`: starts the emulator from environment variables and prints its URL. */
const running = await startEmulator({ quiet: process.env.STRIPE_EMULATOR_QUIET === '1' });
console.log(`[stripe-emulator] listening on ${running.url} (public ${process.env.STRIPE_EMULATOR_PUBLIC_URL ?? `http://localhost:${running.port}`})`);
if (process.env.STRIPE_EMULATOR_WEBHOOK_URL) console.log(`[stripe-emulator] delivering webhooks to ${process.env.STRIPE_EMULATOR_WEBHOOK_URL}`);
const stop = (): void => { void running.close().then(() => process.exit(0)); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
