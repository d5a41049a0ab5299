import { formatDate } from "@/lib/dates";
import { formatMoney } from "@/lib/money";
import type { SalesPoint } from "@/lib/marketplace/sales";

const W = 600;
const H = 200;

/** A "nice" top for the y axis: 1, 2 or 5 times a power of ten, at or above the highest bar. */
export function niceCeiling(max: number): number {
  if (max <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= max) return step * magnitude;
  return 10 * magnitude;
}

/**
 * Sales over time as a bar chart, rendered on the server as plain SVG (no chart script in the browser, no
 * inline styles: bars are sized by SVG attributes and coloured with classes, which the page CSP allows). The
 * SVG stretches to the card's width; labels are HTML around it so they stay readable at 390 px. Each bar has a
 * <title> (hover) and the numbers are also in a table for screen readers.
 */
export function SalesChart({ series, currency, interval }: { series: SalesPoint[]; currency: string; interval: "day" | "week" | "month" }) {
  const max = niceCeiling(Math.max(0, ...series.map((p) => p.gross)));
  const slot = W / Math.max(series.length, 1);
  const bar = Math.max(slot * 0.72, 1);
  const label = (p: SalesPoint) => {
    const d = new Date(p.start);
    return interval === "month" ? formatDate(d, "iso-day", { timeZone: "UTC" }).slice(0, 7) : formatDate(d, "day", { timeZone: "UTC" });
  };
  const ticks = [max, max / 2, 0];
  const total = series.reduce((s, p) => s + p.gross, 0);
  const first = series[0];
  const middle = series[Math.floor(series.length / 2)];
  const last = series[series.length - 1];
  return (
    <figure className="space-y-2" data-testid="sales-chart" data-points={series.length} data-total={total}>
      <div className="flex gap-2">
        <div className="flex h-48 w-16 shrink-0 flex-col justify-between text-right text-xs tabular-nums text-slate-500" aria-hidden="true">
          {ticks.map((t) => (
            <span key={t}>{formatMoney({ amount: Math.round(t), currency })}</span>
          ))}
        </div>
        <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" className="h-48 w-full min-w-0 overflow-visible" role="img" aria-label={`Sales per ${interval}, ${series.length} ${interval}s, ${formatMoney({ amount: total, currency })} in all`}>
          {[0, 0.5, 1].map((f) => (
            <line key={f} x1={0} x2={W} y1={H * f} y2={H * f} className="stroke-slate-200" strokeWidth={1} vectorEffect="non-scaling-stroke" />
          ))}
          {series.map((p, i) => {
            const h = p.gross > 0 ? Math.max((p.gross / max) * H, 1.5) : 0;
            return (
              <rect key={p.start} x={i * slot + (slot - bar) / 2} y={H - h} width={bar} height={h} rx={Math.min(bar / 4, 2)} className="fill-brand-600 hover:fill-brand-900" data-testid="sales-bar" data-gross={p.gross}>
                <title>{`${label(p)}: ${formatMoney({ amount: p.gross, currency })}, ${p.orders} order${p.orders === 1 ? "" : "s"}`}</title>
              </rect>
            );
          })}
        </svg>
      </div>
      {first && last ? (
        <figcaption className="ml-18 flex justify-between gap-2 text-xs text-slate-500" aria-hidden="true">
          <span>{label(first)}</span>
          {series.length > 2 && middle ? <span className="max-sm:hidden">{label(middle)}</span> : null}
          <span>{label(last)}</span>
        </figcaption>
      ) : null}
      <table className="sr-only">
        <caption>Sales per {interval}</caption>
        <thead>
          <tr>
            <th scope="col">{interval === "month" ? "Month" : interval === "week" ? "Week from" : "Day"}</th>
            <th scope="col">Gross</th>
            <th scope="col">Orders</th>
          </tr>
        </thead>
        <tbody>
          {series.filter((p) => p.gross > 0).map((p) => (
            <tr key={p.start}>
              <td>{label(p)}</td>
              <td>{formatMoney({ amount: p.gross, currency })}</td>
              <td>{p.orders}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
