import type { InputHTMLAttributes, ReactNode } from "react";

/** A GET filter form of the admin and report pages: fields side by side, a submit button, then any links. */
export function FilterForm({ label, children, role }: { label: string; children: ReactNode; role?: "search" }) {
  return (
    <form method="get" className="flex flex-wrap items-end gap-3" aria-label={label} role={role}>
      {children}
    </form>
  );
}

/** One labelled filter input (a date, a search box). */
export function FilterInput({ id, label, className = "", ...input }: InputHTMLAttributes<HTMLInputElement> & { id: string; label: string }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">{label}</label>
      <input id={id} className={`rounded-md border border-slate-300 px-3 py-2 text-sm ${className}`.trim()} {...input} />
    </div>
  );
}

export function FilterSubmit({ children }: { children: ReactNode }) {
  return (
    <button type="submit" className="rounded-md bg-slate-100 px-3 py-2 text-sm font-medium text-slate-900 hover:bg-slate-200">
      {children}
    </button>
  );
}
