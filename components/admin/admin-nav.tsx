import Link from "next/link";

export const ADMIN_PAGES = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/settlements", label: "Settlements" },
  { href: "/admin/fees", label: "Fees" },
  { href: "/admin/balances", label: "Balances" },
  { href: "/admin/transactions", label: "Transactions" },
  { href: "/admin/adjustments", label: "Adjustments" },
  { href: "/admin/health", label: "Payment health" },
  { href: "/admin/reconciliation", label: "Reconciliation" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/webhooks", label: "Webhook log" },
] as const;

/** The admin console's sections. */
export function AdminNav({ current }: { current: string }) {
  return (
    <nav aria-label="Admin sections" className="flex flex-wrap gap-2 text-sm">
      {ADMIN_PAGES.map((p) => (
        <Link
          key={p.href}
          href={p.href}
          aria-current={p.href === current ? "page" : undefined}
          className={`rounded-md px-3 py-1 ${p.href === current ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-800 hover:bg-slate-200"}`}
        >
          {p.label}
        </Link>
      ))}
    </nav>
  );
}
