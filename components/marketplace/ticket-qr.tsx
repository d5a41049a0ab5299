/** A ticket's code as a QR code, drawn from the modules the server computed (no client JavaScript). */
export function TicketQr({ code, size, path, label }: { code: string; size: number; path: string; label: string }) {
  return (
    <figure className="inline-flex flex-col items-center gap-2 rounded-lg border border-slate-200 bg-white p-3" data-testid="ticket" data-code={code}>
      <svg viewBox={`-2 -2 ${size + 4} ${size + 4}`} width={176} height={176} role="img" aria-label={`QR code of ticket ${code}`} data-testid="ticket-qr" shapeRendering="crispEdges">
        <rect x={-2} y={-2} width={size + 4} height={size + 4} fill="#fff" />
        <path d={path} fill="#000" />
      </svg>
      <figcaption className="text-center text-xs text-slate-600">
        {label}
        <br />
        <span className="font-mono text-sm font-semibold tracking-widest text-slate-900" data-testid="ticket-code">
          {code}
        </span>
      </figcaption>
    </figure>
  );
}
