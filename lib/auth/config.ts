import "server-only";
import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { authorizeCredentials } from "./credentials";
import { appRedirect, bindOrigins } from "./redirect";
import { loadRoles, type Roles } from "./users";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; roles: Roles; signedInAt?: number } & DefaultSession["user"];
  }
}

// Roles live in the JWT for /api/auth/session and the header; pages and handlers re-read them from the
// database through the guards, so a change of role is never trusted from an old token for more than this.
const ROLES_REFRESH_MS = 30_000;

export const { handlers, auth, signIn, signOut } = NextAuth({
  secret: env().authSecret,
  trustHost: true,
  session: { strategy: "jwt" },
  pages: { signIn: "/sign-in" },
  logger: {
    // A wrong password is an expected answer, not a server error: keep it out of the error log.
    error(error) {
      // Class names are minified in production builds; Auth.js errors carry their kind in `type`.
      if (error instanceof CredentialsSignin || ("type" in error && error.type === "CredentialsSignin")) return;
      // A session cookie that does not decode is a client's bad input (a stale or forged cookie), not our fault.
      if ("type" in error && error.type === "JWTSessionError") return;
      console.error(`[auth] ${error.name}: ${error.message}`);
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        return authorizeCredentials(await getDb(), raw, request.headers);
      },
    }),
  ],
  callbacks: {
    // After sign-in and sign-out: always APP_URL, never the bind address the request arrived on.
    redirect({ url, baseUrl }) {
      const e = env();
      return appRedirect(url, baseUrl, e.appUrl, bindOrigins(e.HOST, e.PORT));
    },
    async jwt({ token, user }) {
      if (user?.id) {
        token.sub = user.id;
        token.signedInAt = Date.now();
      }
      const stale = typeof token.rolesAt !== "number" || Date.now() - token.rolesAt > ROLES_REFRESH_MS;
      if (token.sub && (user || stale)) {
        // A deleted or disabled account: the session ends (and getCurrentUser refuses it at once, on every request).
        const roles = await loadRoles(await getDb(), token.sub, typeof token.signedInAt === "number" ? token.signedInAt : 0);
        if (!roles) return null;
        token.roles = roles;
        token.rolesAt = Date.now();
      }
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      if (typeof token.signedInAt === "number") session.user.signedInAt = token.signedInAt;
      const roles = token.roles as Roles | undefined; // written by the jwt callback above, never by a client
      session.user.roles = roles ?? { platformAdmin: false, organisations: [] };
      return session;
    },
  },
});
