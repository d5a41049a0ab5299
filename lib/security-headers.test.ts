import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { NextRequest } from "next/server";
import { proxy } from "@/proxy";
import { nastyHeaders, nastyString } from "@/lib/http/testing/arbitraries";
import { CaseTally, expectContractAnswer } from "@/lib/http/testing/endpoint-harness";
import { BASE_SECURITY_HEADERS, pageContentSecurityPolicy } from "./security-headers";

const CASES = Number(process.env.PROPERTY_CASES ?? 150);
const tally = new CaseTally();

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
}

describe("proxy.ts: headers and origins", () => {
  it("answers 403 with the error shape to a malformed Origin instead of crashing", async () => {
    for (const origin of ["not a url", "http://[::1", "://", "%", "http://"]) {
      const response = proxy(new NextRequest("http://localhost:3000/api/wallet/transfers", { method: "POST", headers: { origin, host: "localhost:3000" } }));
      expect(response.status, origin).toBe(403);
      expect(await response.json()).toMatchObject({ error: { code: "cross_origin", message: expect.stringContaining("Origin") } });
    }
  });

  it("refuses a server action POST from another origin, lets the same origin through", () => {
    const other = proxy(new NextRequest("http://localhost:3000/wallet", { method: "POST", headers: { origin: "https://evil.example", host: "localhost:3000" } }));
    expect(other.status).toBe(403);
    const same = proxy(new NextRequest("http://localhost:3000/wallet", { method: "POST", headers: { origin: "http://localhost:3000", host: "localhost:3000" } }));
    expect(same.headers.get("x-middleware-next")).toBe("1");
  });

  it("puts the security headers on pages (with a fresh nonce each time) and on API answers (with no-store)", () => {
    const page1 = proxy(new NextRequest("http://localhost:3000/wallet"));
    const page2 = proxy(new NextRequest("http://localhost:3000/wallet"));
    for (const [name, value] of Object.entries(BASE_SECURITY_HEADERS)) expect(page1.headers.get(name)).toBe(value);
    const csp1 = page1.headers.get("content-security-policy") ?? "";
    const nonce1 = /'nonce-([^']+)'/.exec(csp1)?.[1];
    const nonce2 = /'nonce-([^']+)'/.exec(page2.headers.get("content-security-policy") ?? "")?.[1];
    expect(nonce1).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(nonce2).not.toBe(nonce1);
    // Next reads the nonce from the request's CSP header; the page sees it as x-nonce.
    expect(page1.headers.get("x-middleware-request-x-nonce")).toBe(nonce1);
    expect(page1.headers.get("x-middleware-request-content-security-policy")).toBe(csp1);
    expect(directives(csp1).get("frame-ancestors")).toEqual(["'none'"]);
    const api = proxy(new NextRequest("http://localhost:3000/api/wallet"));
    expect(api.headers.get("cache-control")).toBe("no-store");
    expect(api.headers.get("x-content-type-options")).toBe("nosniff");
    expect(directives(api.headers.get("content-security-policy") ?? "").get("default-src")).toEqual(["'none'"]);
  });

  it("allows exactly the emulator in emulator mode and Stripe's documented origins with real keys", () => {
    const emulator = directives(pageContentSecurityPolicy({ nonce: "n", dev: false, emulatorOrigin: "http://localhost:12111" }));
    expect(emulator.get("frame-src")).toEqual(["http://localhost:12111"]);
    expect(emulator.get("connect-src")).toEqual(["'self'", "http://localhost:12111"]);
    expect(emulator.get("script-src")).toEqual(["'self'", "'nonce-n'", "'strict-dynamic'", "http://localhost:12111"]);
    expect(emulator.get("style-src")).toEqual(["'self'", "'nonce-n'"]);
    const real = directives(pageContentSecurityPolicy({ nonce: "n", dev: false, emulatorOrigin: null }));
    expect(real.get("frame-src")).toContain("https://js.stripe.com");
    expect(real.get("frame-src")).toContain("https://checkout.stripe.com");
    expect(real.get("script-src")).toContain("https://js.stripe.com");
    expect([...real.values()].flat().some((v) => v.includes("localhost"))).toBe(false);
    expect([...real.values()].flat()).not.toContain("'unsafe-eval'");
    expect([...real.values()].flat()).not.toContain("'unsafe-inline'");
    expect(directives(pageContentSecurityPolicy({ nonce: "n", dev: true, emulatorOrigin: null })).get("script-src")).toContain("'unsafe-eval'");
  });

  it("never throws and never answers 5xx, whatever the method, path and headers (property)", async () => {
    const method = fc.constantFrom("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    const path = fc.oneof(fc.constantFrom("/", "/wallet", "/api/wallet", "/api/wallet/transfers", "/api/webhooks/stripe", "/api/auth/callback/credentials", "/dev/outbox"), nastyString.map((s) => `/${new URLSearchParams({ p: s }).toString().slice(2)}`));
    await fc.assert(
      fc.asyncProperty(method, path, nastyHeaders, async (m, p, headers) => {
        const response = proxy(new NextRequest(`http://localhost:3000${p}`, { method: m, headers }));
        tally.record("proxy (every route)", response.status);
        await expectContractAnswer(response, `${m} ${p} ${JSON.stringify(headers)}`);
        expect(response.headers.get("x-content-type-options")).toBe("nosniff");
        expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      }),
      { numRuns: CASES * 2 },
    );
    console.log(`[property tests] cases per endpoint:\n${tally.report()}`);
    expect(tally.total("proxy (every route)")).toBe(CASES * 2);
  });
});
