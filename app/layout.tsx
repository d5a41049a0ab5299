import type { Metadata } from "next";
import "@fontsource-variable/inter";
import "./globals.css";
import { SiteHeader } from "@/components/layout/site-header";
import { EmulatorBanner } from "@/components/layout/emulator-banner";
import { DevOutboxLink } from "@/components/layout/dev-outbox-link";

export const metadata: Metadata = {
  title: { default: "Plaza", template: "%s · Plaza" },
  description: "Open-source marketplace and club payments on Stripe: listings, wallets, settlements.",
};

// Every page reads the session or the database: nothing is prerendered at build time.
export const dynamic = "force-dynamic";

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <EmulatorBanner />
        <SiteHeader />
        <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
        <footer className="mx-auto flex max-w-6xl flex-wrap gap-x-4 gap-y-1 px-4 pb-8 text-xs text-slate-500">
          <span>Plaza · open-source club and marketplace payments</span>
          <DevOutboxLink />
        </footer>
      </body>
    </html>
  );
}
