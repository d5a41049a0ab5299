/**
 * The pages of the visual tour (e2e/tour.spec.ts). Add a page here and the tour visits it as every role at
 * every width, checking overflow, console errors, failed requests and accessibility, with a screenshot.
 */
export type TourRole = "signed-out" | "member" | "owner" | "admin";

export interface TourPage {
  /** Short name, used in test titles and screenshot file names. */
  name: string;
  path: string;
  /**
   * Roles that must see the page itself (HTTP 200, not a sign-in redirect). Every other role may get the page,
   * the sign-in page (signed out), the 403 page or the 404 page: whichever it gets is checked like any page.
   */
  seenBy: readonly TourRole[];
  /** The tab title the roles in seenBy get (names, never URL slugs). */
  title?: RegExp;
  /** The HTTP status this page always answers (the 404 page). */
  status?: number;
}

const SIGNED_IN = ["member", "owner", "admin"] as const;
const EVERYONE = ["signed-out", ...SIGNED_IN] as const;
const ORG = "/orgs/harbour-bridge-club";

export const TOUR_ROLES: readonly { role: TourRole; email: string | null }[] = [
  { role: "signed-out", email: null },
  { role: "member", email: "member@plaza.test" },
  { role: "owner", email: "club@plaza.test" },
  { role: "admin", email: "admin@plaza.test" },
];

export const TOUR_WIDTHS = [
  { name: "phone", width: 390, height: 844 },
  { name: "laptop", width: 1280, height: 800 },
] as const;

export const TOUR_PAGES: readonly TourPage[] = [
  { name: "home", path: "/", seenBy: EVERYONE },
  { name: "sign-in", path: "/sign-in", seenBy: ["signed-out"] },
  { name: "sign-up", path: "/sign-up", seenBy: ["signed-out"] },
  { name: "welcome", path: "/welcome", seenBy: SIGNED_IN },
  { name: "account", path: "/account", seenBy: SIGNED_IN },
  { name: "wallet", path: "/wallet", seenBy: SIGNED_IN },
  { name: "wallet-statement", path: "/wallet/statement", seenBy: SIGNED_IN },
  { name: "org-new", path: "/orgs/new", seenBy: SIGNED_IN },
  // A plain member of the club reaches its People page; the overview and statement are for its staff.
  { name: "org", path: ORG, seenBy: ["owner", "admin"], title: /^Harbour Bridge Club · Plaza$/ },
  { name: "org-people", path: `${ORG}/settings`, seenBy: ["member", "owner", "admin"], title: /^People · Harbour Bridge Club · Plaza$/ },
  { name: "org-payments", path: `${ORG}/payments`, seenBy: ["owner", "admin"], title: /^Payments · Harbour Bridge Club · Plaza$/ },
  { name: "org-statement", path: `${ORG}/statement`, seenBy: ["owner", "admin"], title: /^Statement · Harbour Bridge Club · Plaza$/ },
  { name: "listings", path: "/listings", seenBy: EVERYONE },
  { name: "storefront", path: "/listings/seller/harbour-bridge-club", seenBy: EVERYONE },
  { name: "orders", path: "/orders", seenBy: SIGNED_IN },
  { name: "org-listings", path: `${ORG}/listings`, seenBy: ["owner", "admin"] },
  { name: "admin", path: "/admin", seenBy: ["admin"] },
  { name: "admin-webhooks", path: "/admin/webhooks", seenBy: ["admin"] },
  { name: "dev-outbox", path: "/dev/outbox", seenBy: ["admin"] },
  { name: "org-disputes", path: `${ORG}/disputes`, seenBy: ["owner", "admin"], title: /^Disputes and refunds · Harbour Bridge Club · Plaza$/ },
  { name: "admin-disputes", path: "/admin/disputes", seenBy: ["admin"] },
  { name: "not-found", path: "/no-such-page", seenBy: [], status: 404 },
  { name: "org-sales", path: `${ORG}/sales`, seenBy: ["owner", "admin"], title: /^Sales · Harbour Bridge Club · Plaza$/ },
  { name: "wallet-top-ups", path: "/wallet/top-ups", seenBy: SIGNED_IN },
  { name: "admin-top-ups", path: "/admin/top-ups", seenBy: ["admin"] },
  { name: "admin-settlements", path: "/admin/settlements", seenBy: ["admin"] },
  { name: "admin-fees", path: "/admin/fees", seenBy: ["admin"] },
  { name: "admin-balances", path: "/admin/balances", seenBy: ["admin"] },
  { name: "admin-transactions", path: "/admin/transactions", seenBy: ["admin"] },
  { name: "admin-adjustments", path: "/admin/adjustments", seenBy: ["admin"] },
  { name: "admin-health", path: "/admin/health", seenBy: ["admin"] },
  { name: "admin-reconciliation", path: "/admin/reconciliation", seenBy: ["admin"] },
  { name: "admin-users", path: "/admin/users", seenBy: ["admin"] },
];
