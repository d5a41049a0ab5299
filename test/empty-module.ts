// Stands in for "server-only" outside the React server bundle (Vitest, tsx scripts): the guard only
// matters for what Next bundles for the browser.
export {};
