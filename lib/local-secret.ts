import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A random secret kept under `.data/secrets/<name>` so that the app, the emulator and later runs share it
 * when the variable is unset (embedded defaults). Created once with mode 0600; never logged.
 */
export function localSecret(name: string, prefix = ""): string {
  const dir = join(".data", "secrets");
  const file = join(dir, name);
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(dir, { recursive: true });
    const secret = prefix + randomBytes(32).toString("base64url");
    try {
      writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
      return secret;
    } catch {
      // Another process created it first: theirs wins so both agree.
      return readFileSync(file, "utf8").trim();
    }
  }
}
