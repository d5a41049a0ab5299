import { describe, expect, it } from "vitest";
import { parseTrustedProxies, resolveClientAddress } from "./client-address";
import { appRedirect, bindOrigins } from "./redirect";

describe("client address", () => {
  const none = parseTrustedProxies(undefined);
  const lb = parseTrustedProxies("10.0.0.0/8, 127.0.0.1, fd00::/8");

  it("uses the socket address and ignores X-Forwarded-For when no proxy is trusted", () => {
    expect(resolveClientAddress("203.0.113.9", "198.51.100.1", none)).toBe("203.0.113.9");
    expect(resolveClientAddress("::ffff:203.0.113.9", "1.2.3.4", none)).toBe("203.0.113.9");
  });

  it("believes X-Forwarded-For only hop by hop through trusted proxies", () => {
    expect(resolveClientAddress("10.1.2.3", "198.51.100.7", lb)).toBe("198.51.100.7");
    // A client-written first entry is skipped: the proxy appended the real peer last.
    expect(resolveClientAddress("10.1.2.3", "6.6.6.6, 198.51.100.7", lb)).toBe("198.51.100.7");
    expect(resolveClientAddress("10.1.2.3", "198.51.100.7, 10.9.9.9", lb)).toBe("198.51.100.7");
    expect(resolveClientAddress("::ffff:127.0.0.1", ["6.6.6.6", "198.51.100.8"], lb)).toBe("198.51.100.8");
    // An untrusted peer's header is never read.
    expect(resolveClientAddress("203.0.113.9", "10.0.0.1", lb)).toBe("203.0.113.9");
  });

  it("stops at a garbled entry instead of believing what is left of it", () => {
    expect(resolveClientAddress("10.1.2.3", "1.2.3.4, not-an-ip", lb)).toBe("10.1.2.3");
    expect(resolveClientAddress("10.1.2.3", undefined, lb)).toBe("10.1.2.3");
  });

  it("refuses a TRUSTED_PROXIES entry that is not an address or range", () => {
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow();
    expect(() => parseTrustedProxies("proxy.local")).toThrow();
    expect(parseTrustedProxies("fd00::/8").has("fd00::1")).toBe(true);
  });
});

describe("redirects after sign-in and sign-out", () => {
  const app = "http://localhost:3000";

  it("sends a callback on the bind address or the app's host to APP_URL, keeping the path", () => {
    expect(appRedirect("http://0.0.0.0:3000/account?x=1", "http://0.0.0.0:3000", app)).toBe("http://localhost:3000/account?x=1");
    expect(appRedirect("/wallet", "http://0.0.0.0:3000", app)).toBe("http://localhost:3000/wallet");
    expect(appRedirect("http://localhost:3000/wallet", "http://0.0.0.0:3000", app)).toBe("http://localhost:3000/wallet");
  });

  it("keeps the path of a callback on the server's bind address, whatever host Auth.js saw", () => {
    const bind = bindOrigins("127.0.0.1", 3000);
    expect(bind).toEqual(["http://127.0.0.1:3000"]);
    expect(appRedirect("http://127.0.0.1:3000/wallet", "http://localhost:3000", app, bind)).toBe("http://localhost:3000/wallet");
    expect(appRedirect("http://127.0.0.1:3999/wallet", "http://localhost:3000", app, bind)).toBe("http://localhost:3000/");
    expect(bindOrigins("0.0.0.0", 3000)).toContain("http://0.0.0.0:3000");
    expect(appRedirect("http://0.0.0.0:3000/account", "http://localhost:3000", app, bindOrigins("0.0.0.0", 3000))).toBe("http://localhost:3000/account");
  });

  it("never leaves the app", () => {
    expect(appRedirect("https://evil.example/steal", "http://0.0.0.0:3000", app)).toBe("http://localhost:3000/");
    expect(appRedirect("//evil.example/", "http://0.0.0.0:3000", app)).toBe("http://localhost:3000/");
    expect(appRedirect("javascript:alert(1)", "http://0.0.0.0:3000", app)).toBe("http://localhost:3000/");
    expect(appRedirect("http://[bad", "not a url", app)).toBe("http://localhost:3000/");
  });
});
