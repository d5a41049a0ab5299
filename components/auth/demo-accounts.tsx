"use client";

/**
 * The demo accounts of a demo installation, each a button that fills the sign-in form (email and password) and
 * moves the focus to "Sign in", so trying Plaza as any role takes two clicks.
 */
export function DemoAccounts({ accounts, password }: { accounts: readonly { email: string; role: string }[]; password: string }) {
  const fill = (email: string) => {
    const set = (id: string, value: string) => {
      const input = document.getElementById(id) as HTMLInputElement | null;
      if (input) input.value = value;
    };
    set("field-email", email);
    set("field-password", password);
    document.querySelector<HTMLButtonElement>("form[aria-label='Sign in'] button[type='submit']")?.focus();
  };
  return (
    <ul className="space-y-2 text-sm" data-testid="demo-accounts">
      {accounts.map((u) => (
        <li key={u.email}>
          <button
            type="button"
            onClick={() => fill(u.email)}
            className="flex w-full flex-col rounded-md border border-slate-200 px-3 py-2 text-left hover:border-brand-600 hover:bg-brand-50"
            aria-label={`Fill the form as ${u.email} (${u.role})`}
          >
            <code className="font-medium text-slate-900">{u.email}</code>
            <span className="text-slate-600">{u.role}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
