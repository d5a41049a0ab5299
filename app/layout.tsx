import type { Metadata } from "next";
import "@fontsource-variable/inter";
import "./globals.css";
import { SiteHeader } from "@/components/layout/site-header";
import { EmulatorBanner } from "@/components/layout/emulator-banner";
import { devOutboxVisibleTo } from "@/lib/notify/dev-outbox";
import Link from "next/link";
import { getCurrentUser } from "@/lib/auth";
import { env } from "@/lib/env";

export const metadata: Metadata = {
  title: { default: "Plaza", template: "%s · Plaza" },
  description: "Open-source marketplace and club payments on Stripe: listings, wallets, settlements.",
  icons: {
    icon: [
      { url: "/favicon.ico", sizes: "32x32" },
      { url: "/icon.svg", type: "image/svg+xml" },
      { url: "/icon-192.png", type: "image/png", sizes: "192x192" },
    ],
    apple: { url: "/apple-touch-icon.png", sizes: "180x180" },
  },
};

// Every page reads the session or the database: nothing is prerendered at build time.
export const dynamic = "force-dynamic";

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const user = await getCurrentUser();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:fixed focus:left-4 focus:top-4 focus:z-50 focus:rounded-md focus:bg-white focus:px-4 focus:py-2 focus:text-sm focus:font-semibold focus:text-brand-700 focus:shadow-lg"
        >
          Skip to main content
        </a>
        <EmulatorBanner show={env().stripeMode === "emulator"} />
        <SiteHeader user={user} />
        <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8 focus:outline-none">{children}</main>
        <footer className="mx-auto flex max-w-6xl flex-wrap gap-x-4 gap-y-1 px-4 pb-8 text-xs text-slate-500">
          <span>Plaza · open-source club and marketplace payments</span>
          {/* Every user's emails: the link is for platform admins only, like the page. */}
          {devOutboxVisibleTo(user) ? (
            <Link href="/dev/outbox" className="underline hover:text-brand-700">
              Dev outbox (emails not sent)
            </Link>
          ) : null}
        </footer>
      </body>
    </html>
  );
}
