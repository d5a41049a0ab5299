/**
 * `npm run dev` / `npm start`: validates the configuration, starts the Stripe emulator when no Stripe key is
 * set (delivering signed webhooks to this app, with the app's own webhook secrets, as `stripe listen` would),
 * then starts the app server (Next.js plus the fast webhook path) on PORT. Stopping either stops both.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { env } from "@/lib/env";

const mode = process.argv[2];
if (mode !== "dev" && mode !== "start") {
  console.error("usage: tsx scripts/launch.ts dev|start");
  process.exit(2);
}

let config;
try {
  config = env();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}

if (mode === "start" && !existsSync(".next/BUILD_ID")) {
  console.error("No production build found. Run `npm run build` first, then `npm start`.");
  process.exit(1);
}

const children: ChildProcess[] = [];
let stopping = false;

function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 500).unref();
}

function run(name: string, command: string, args: string[], extraEnv: Record<string, string>) {
  const child = spawn(command, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...extraEnv } });
  children.push(child);
  child.on("exit", (code, signal) => {
    if (!stopping) console.error(`[plaza] ${name} stopped (${signal ?? `exit ${code}`}); stopping the rest.`);
    stopAll(code ?? 1);
  });
  return child;
}

const appPort = String(config.PORT);
if (config.stripeMode === "emulator") {
  // Resolved through the workspace package, so the emulator can move without this script changing.
  run("Stripe emulator", "node_modules/.bin/tsx", [createRequire(import.meta.url).resolve("@plaza/stripe-emulator/main")], {
    STRIPE_EMULATOR_PORT: String(config.STRIPE_EMULATOR_PORT),
    STRIPE_EMULATOR_PUBLIC_URL: config.emulatorUrl,
    STRIPE_EMULATOR_WEBHOOK_URL: `http://127.0.0.1:${appPort}/api/webhooks/stripe`,
    STRIPE_EMULATOR_WEBHOOK_SECRET: config.webhookSecret,
    STRIPE_EMULATOR_CONNECT_WEBHOOK_SECRET: config.connectWebhookSecret,
    STRIPE_EMULATOR_OAUTH_REDIRECTS: `${config.appUrl}/`,
  });
} else {
  console.log(`[plaza] Stripe ${config.stripeMode} mode: webhooks must reach ${config.appUrl}/api/webhooks/stripe (stripe listen or a dashboard endpoint).`);
}

// Next.js behind Plaza's own node:http server (scripts/server.ts), which answers Stripe's webhook directly.
run("Plaza server", "node_modules/.bin/tsx", ["--conditions=react-server", "scripts/server.ts", mode], {
  PORT: appPort,
  NODE_ENV: mode === "dev" ? "development" : "production",
});

process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));
