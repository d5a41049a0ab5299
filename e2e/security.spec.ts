import { connect } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { E2E_APP_PORT } from "../playwright.config";
import { signUpMember } from "./wallet-helpers";

/** Every CSP violation the browser reports, in the page and its frames. */
function collectCspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    const text = message.text();
    if (/Content Security Policy|Refused to (load|execute|apply|frame|connect)|csp-violation/i.test(text)) violations.push(text);
  });
  void page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`csp-violation ${e.violatedDirective} ${e.blockedURI}`));
  });
  return violations;
}

test("pages, API answers and static files carry the security headers", async ({ request }) => {
  const page = await request.get("/");
  const csp = page.headers()["content-security-policy"];
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(page.headers()["x-content-type-options"]).toBe("nosniff");
  expect(page.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  // Next's own scripts carry the nonce of this response's policy.
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  const html = await page.text();
  expect(html).toContain(`nonce="${nonce}"`);

  const api = await request.get("/api/wallet");
  expect(api.status()).toBe(401);
  expect(api.headers()["cache-control"]).toBe("no-store");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  expect(api.headers()["content-security-policy"]).toContain("default-src 'none'");

  const asset = /\/_next\/static\/[^"]+\.(?:js|css)/.exec(html)?.[0];
  expect(asset).toBeTruthy();
  const file = await request.get(asset ?? "");
  expect(file.status()).toBe(200);
  expect(file.headers()["x-content-type-options"]).toBe("nosniff");
  expect(file.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
});

test("embedded Checkout loads and pays under the policy, with no CSP violation anywhere", async ({ page }) => {
  const violations = collectCspViolations(page);
  await signUpMember(page, "csp");
  for (const path of ["/", "/wallet", "/wallet/statement", "/account"]) {
    await page.goto(path);
    await expect(page.getByTestId("signed-in-as")).toBeVisible();
  }
  const start = await (await page.request.post("/api/wallet/top-ups", { data: { amount: 2200, uiMode: "embedded" } })).json();
  await page.goto(`/wallet/top-up/embedded?session=${start.sessionId}`);
  const frame = page.frameLocator('[data-testid="emu-embedded-checkout"]');
  await expect(frame.getByTestId("total")).toContainText("22.00");
  await frame.getByTestId("pay-button").click();
  await page.waitForURL(/\/wallet\/top-ups\//);
  await expect(async () => {
    const wallet = await (await page.request.get("/api/wallet")).json();
    expect(wallet.balance).toEqual({ amount: 2200, currency: "usd" });
  }).toPass({ timeout: 30_000 });
  expect(violations).toEqual([]);
});

test("the violation check itself sees a frame the policy does not allow", async ({ page }) => {
  const violations = collectCspViolations(page);
  await page.goto("/");
  await page.evaluate(() => {
    const frame = document.createElement("iframe");
    frame.src = "https://frame.example.invalid/";
    document.body.appendChild(frame);
  });
  await expect.poll(() => violations.join("\n")).toContain("frame-src");
});

test("hostile input gets 4xx with the error shape: NUL text, impossible dates, a malformed Origin", async ({ page }) => {
  await signUpMember(page, "hostile");
  const nul = await page.request.post("/api/wallet/transfers", { data: { toEmail: "member@plaza.test", amount: 100, description: "rent\u0000" } });
  expect(nul.status()).toBe(422);
  expect((await nul.json()).error).toMatchObject({ code: "validation_failed", param: "description" });
  const surrogate = await page.request.post("/api/wallet/transfers", { data: { toEmail: "member@plaza.test", amount: 100, description: "broken \ud800" } });
  expect(surrogate.status()).toBe(422);
  const date = await page.request.get("/api/wallet/statement?from=2026-02-30");
  expect(date.status()).toBe(422);
  expect((await date.json()).error).toMatchObject({ code: "validation_failed", param: "from" });
  const origin = await page.request.post("/api/wallet/transfers", { headers: { Origin: "not a url" }, data: {} });
  expect(origin.status()).toBe(403);
  expect((await origin.json()).error.code).toBe("cross_origin");
});

test("the webhook fast path answers 413 to an oversized body, then closes the connection", async () => {
  const reply = await new Promise<{ text: string }>((resolve, reject) => {
    const socket = connect(E2E_APP_PORT, "127.0.0.1");
    let text = "";
    socket.on("data", (d) => (text += d.toString("utf8")));
    socket.on("close", () => resolve({ text }));
    socket.on("error", reject);
    socket.write(`POST /api/webhooks/stripe HTTP/1.1\r\nHost: localhost\r\nStripe-Signature: t=1,v1=x\r\nContent-Type: application/json\r\nContent-Length: ${2 * 1024 * 1024}\r\n\r\n{"id":`);
  });
  expect(reply.text).toMatch(/^HTTP\/1\.1 413 /);
  expect(reply.text).toContain('"code":"payload_too_large"');
});

test("after signing in on the bind address, the browser goes to APP_URL", async ({ playwright, baseURL }) => {
  // The server listens on 127.0.0.1; APP_URL is http://localhost:<port>.
  const bind = `http://127.0.0.1:${E2E_APP_PORT}`;
  const api = await playwright.request.newContext({ baseURL: bind });
  const { csrfToken } = await (await api.get("/api/auth/csrf")).json();
  const signIn = await api.post("/api/auth/callback/credentials", {
    headers: { Origin: bind },
    form: { csrfToken, email: "member@plaza.test", password: "plaza-demo", callbackUrl: `${bind}/wallet` },
    maxRedirects: 0,
  });
  expect(signIn.status()).toBe(302);
  expect(signIn.headers().location).toBe(`${baseURL}/wallet`);
  const { csrfToken: again } = await (await api.get("/api/auth/csrf")).json();
  const signOut = await api.post("/api/auth/signout", { headers: { Origin: bind }, form: { csrfToken: again, callbackUrl: `${bind}/` }, maxRedirects: 0 });
  expect(signOut.headers().location).toBe(`${baseURL}/`);
  await api.dispose();
});
