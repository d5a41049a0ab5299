/** A small spinning ring beside a progress message (decorative: the message itself is the status). */
export function Spinner({ className = "" }: { className?: string }) {
  return <span aria-hidden="true" className={`inline-block size-4 shrink-0 animate-spin rounded-full border-2 border-slate-300 border-t-brand-600 ${className}`} />;
}
