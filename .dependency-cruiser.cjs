/**
 * Plaza's layer rules, checked by `npm run lint` (README: "Layout"). Each rule names the layer it protects;
 * a violation fails lint with the rule's name and the offending import.
 */
const DOMAINS = "(wallet|payments|orgs|connect|marketplace|fees|settlement|reports|statements|notify|auth|http)";
const TESTS = "(\\.test\\.tsx?$|/testing/|^e2e/|^test/)";

module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      comment: "No import cycles anywhere: each module can be read (and loaded) after the ones it uses.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "ledger-knows-only-ids",
      comment: "lib/ledger knows nothing of Stripe, Next, users or organisations beyond ids: no other domain folder.",
      severity: "error",
      from: { path: "^lib/ledger/", pathNot: TESTS },
      to: { path: [`^lib/${DOMAINS}/`, "^lib/stripe/", "^lib/webhook-app", "^app/", "^components/", "^next($|/)", "^stripe$"] },
    },
    {
      name: "stripe-knows-no-domain",
      comment: "lib/stripe is the Stripe client and webhook pipeline; the domain reaches it through lib/webhook-app.ts.",
      severity: "error",
      from: { path: "^lib/stripe/", pathNot: TESTS },
      to: { path: [`^lib/${DOMAINS}/`, "^lib/ledger/", "^lib/webhook-app", "^app/", "^components/"] },
    },
    {
      name: "wallet-never-calls-stripe",
      comment: "Money arriving from Stripe goes through lib/payments; the wallet itself is Stripe-free.",
      severity: "error",
      from: { path: "^lib/wallet/", pathNot: TESTS },
      to: { path: ["^lib/stripe/", "^lib/payments/", "^stripe$"] },
    },
    {
      name: "lib-is-not-the-app",
      comment: "lib/ holds the domain: it never imports routes, pages or React components.",
      severity: "error",
      from: { path: "^lib/", pathNot: TESTS },
      to: { path: ["^app/", "^components/"] },
    },
    {
      name: "components-are-presentational",
      comment: "Components render what they are given: no database, no server-only module, no domain logic (types are fine).",
      severity: "error",
      from: { path: "^components/" },
      to: {
        path: ["^db/", "^server-only$", "^lib/"],
        pathNot: ["^lib/(money|errors|schemas|dates)\\.ts$", "^lib/ledger/errors\\.ts$", "^lib/statements/(labels|types|query)\\.ts$"],
        dependencyTypesNot: ["type-only"],
      },
    },
    {
      name: "app-never-queries",
      comment: "Routes and pages parse, authorise, call lib/ and respond: no SQL, no schema, no Stripe client.",
      severity: "error",
      from: { path: "^app/" },
      to: { path: ["^db/schema", "^drizzle-orm", "^pg$", "^@electric-sql/pglite", "^lib/stripe/client", "^stripe$"], dependencyTypesNot: ["type-only"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["node_modules", "^\\.next/", "^packages/[^/]+/node_modules/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
  },
};
