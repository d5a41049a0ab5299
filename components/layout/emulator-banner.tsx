/** Shown on every page while Plaza runs against the local Stripe emulator. */
export function EmulatorBanner({ show }: { show: boolean }) {
  if (!show) return null;
  return (
    <div role="note" data-testid="emulator-banner" className="bg-amber-400 px-4 py-1.5 text-center text-xs font-semibold text-amber-950">
      Stripe emulator: no real money. Payments, payouts and webhooks are simulated on this machine.
    </div>
  );
}
