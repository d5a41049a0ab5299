import { expect, test } from "@playwright/test";
import { signIn, uniqueEmail } from "./fixtures";

test("an admin disables an account: its open session stops and it cannot sign in; enabling lets it back in", async ({ browser }) => {
  const email = uniqueEmail("leaver");
  const password = "a-long-enough-password";
  // The person signs up and stays signed in, in their own browser.
  const theirs = await browser.newContext();
  const person = await theirs.newPage();
  await person.goto("/sign-up");
  await person.getByLabel("Name").fill("Lee Leaver");
  await person.getByLabel("Email").fill(email);
  await person.getByLabel("Password").fill(password);
  await person.getByRole("button", { name: "Create account" }).click();
  await expect(person).toHaveURL(/\/account$/);

  // The admin finds them and disables the account with a reason, after a review.
  const ours = await browser.newContext();
  const admin = await ours.newPage();
  await signIn(admin, "admin@plaza.test");
  await admin.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  const row = admin.locator(`[data-email="${email}"]`);
  await expect(row).toContainText("Lee Leaver");
  const disable = row.getByTestId("user-disable");
  await disable.getByLabel(/Reason/).fill("Asked us to close the account");
  await disable.getByRole("button", { name: "Disable account" }).click();
  const review = admin.getByTestId("user-disable-review");
  await expect(review).toContainText(email);
  await expect(review).toContainText("Asked us to close the account");
  await review.getByRole("button", { name: "Disable account" }).click();
  await expect(row.getByTestId("user-roles")).toContainText("Disabled");

  // Their open session no longer works, and signing in again is refused with a clear message.
  await person.goto("/account");
  await expect(person).toHaveURL(/\/sign-in/);
  await person.getByLabel("Email").fill(email);
  await person.getByLabel("Password").fill(password);
  await person.getByRole("button", { name: "Sign in" }).click();
  await expect(person.getByText("This account has been disabled by a platform administrator.", { exact: false })).toBeVisible();

  // The admin cannot disable themselves: their own row offers no commands.
  await admin.goto("/admin/users?q=admin%40plaza.test");
  await expect(admin.locator('[data-email="admin@plaza.test"]')).toContainText("Another admin can change your account.");

  // Enabled again: the session from before the disable stays ended; they sign in afresh.
  await admin.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  const enable = admin.locator(`[data-email="${email}"]`).getByTestId("user-enable");
  await enable.getByLabel(/Reason/).fill("Changed their mind");
  await enable.getByRole("button", { name: "Enable account" }).click();
  await admin.getByTestId("user-enable-review").getByRole("button", { name: "Enable account" }).click();
  await expect(admin.locator(`[data-email="${email}"]`).getByTestId("user-roles")).not.toContainText("Disabled");
  await person.goto("/account");
  await expect(person).toHaveURL(/\/sign-in/);
  await signIn(person, email, password);
  await theirs.close();
  await ours.close();
});
