export { auth, handlers, signIn, signOut } from "./config";
export { getCurrentUser, requireUser, requireRole, requireOrgRole, ORG_MANAGERS, ORG_STAFF } from "./guards";
export type { CurrentUser, OrgAccess } from "./guards";
