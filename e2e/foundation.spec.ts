import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, signIn, uniqueEmail } from "./fixtures";

test("a visitor signs up and lands on their account", async ({ page }) => {
  const email = uniqueEmail("newcomer");
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Nico Newcomer");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Use at least 10 characters.")).toBeVisible();
  await page.getByLabel("Password").fill("a-long-enough-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { name: "Hello, Nico Newcomer" })).toBeVisible();
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);
});

test("signing up twice with one email says the email is taken", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Copy Cat");
  await page.getByLabel("Email").fill("member@plaza.test");
  await page.getByLabel("Password").fill("a-long-enough-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("An account with this email already exists. Sign in instead.")).toBeVisible();
});

test("a wrong password shows a clear error and no session", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByTestId("demo-accounts")).toContainText("admin@plaza.test");
  await page.getByLabel("Email").fill("coach@plaza.test");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("form-error")).toHaveText(/don't match an account/);
  await expect(page.getByTestId("signed-in-as")).toHaveCount(0);
});

test("the platform admin signs in and reaches /admin, then signs out", async ({ page }) => {
  await signIn(page, "admin@plaza.test");
  await page.getByRole("link", { name: "Admin" }).click();
  await expect(page.getByRole("heading", { name: "Platform admin" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Harbour Bridge Club" }).first()).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
  const response = await page.goto("/admin");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fadmin/);
  expect(response?.status()).toBe(200);
});

test("a member is refused /admin with a 403 page", async ({ page }) => {
  await signIn(page, "member@plaza.test");
  await expect(page.getByRole("link", { name: "Admin" })).toHaveCount(0);
  const response = await page.goto("/admin");
  expect(response?.status()).toBe(403);
  await expect(page.getByTestId("forbidden")).toBeVisible();
});

test("an organisation owner reaches their organisation and not another's", async ({ page }) => {
  await signIn(page, "club@plaza.test");
  await page.getByRole("link", { name: "Harbour Bridge Club" }).first().click();
  await expect(page.getByRole("heading", { name: "Harbour Bridge Club" })).toBeVisible();
  await expect(page.getByTestId("org-people")).toContainText("member@plaza.test");
  const response = await page.goto("/orgs/adas-coaching");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "We couldn't find that page" })).toBeVisible();
});

test("the health endpoint reports the database and Stripe mode", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.status).toBe("ok");
  expect(["pglite", "postgres"]).toContain(body.database);
  expect(body.database).toBe(process.env.DATABASE_URL ? "postgres" : "pglite");
  expect(body.stripe).toBe("emulator");
});

test("signing in through /api/auth/csrf and the credentials callback gives a session with roles", async ({ request }) => {
  const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
  const callback = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: "club@plaza.test", password: DEMO_PASSWORD },
    maxRedirects: 0,
  });
  expect(callback.status()).toBe(302);
  const session = await (await request.get("/api/auth/session")).json();
  expect(session.user.email).toBe("club@plaza.test");
  expect(session.user.roles.platformAdmin).toBe(false);
  expect(session.user.roles.organisations).toEqual([expect.objectContaining({ slug: "harbour-bridge-club", role: "owner" })]);
});

test("mutating API requests from another origin are rejected", async ({ request }) => {
  const response = await request.post("/api/auth/signout", { headers: { Origin: "http://evil.example" }, form: {} });
  expect(response.status()).toBe(403);
  expect((await response.json()).error.code).toBe("cross_origin");
});

test("repeated failed sign-ins for one email get 429 with a message", async ({ request }) => {
  const email = uniqueEmail("guesser");
  const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
  for (let i = 0; i < 5; i++) {
    const r = await request.post("/api/auth/callback/credentials", { form: { csrfToken, email, password: `guess-${i}` }, maxRedirects: 0 });
    expect(r.status()).toBe(302);
  }
  const limited = await request.post("/api/auth/callback/credentials", { form: { csrfToken, email, password: "guess-6" }, maxRedirects: 0 });
  expect(limited.status()).toBe(429);
  expect(limited.headers()["retry-after"]).toMatch(/^\d+$/);
  expect((await limited.json()).error).toEqual({ code: "rate_limited", message: expect.stringContaining("Too many failed sign-in attempts") });
});
