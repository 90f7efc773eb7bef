import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { config } from "../../config";
import { isAppError } from "../../errors";
import { completeAuthentikSignIn, oidcProviders } from "../../identity/oidc";
import { SESSION_TTL_SECONDS, signOutSession } from "./sessions";
import { signInWithPasskey } from "../passkeys/passkeys";
import { signInWithPassword } from "./sign-in";
import { requestContext } from "../request/request-context";
import { safeCallbackPath } from "./callback-url";

// next-auth v4 (docs/decisions/002-authentication.md): JWT sessions valid one hour that carry
// the user id and the session row id; everything else (roles, clients) is read per request.
declare module "next-auth" {
  interface Session {
    user: { id: string; name?: string | null; email?: string | null };
    sessionId: string;
  }
  interface User {
    sessionId?: string;
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    sid?: string;
  }
}

let cached: NextAuthOptions | null = null;

export function authOptions(): NextAuthOptions {
  if (cached) return cached;
  const c = config();
  process.env.NEXTAUTH_URL ??= c.APP_URL;
  cached = {
    secret: c.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_TTL_SECONDS },
    jwt: { maxAge: SESSION_TTL_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        id: "password",
        name: "Password",
        credentials: {
          login: { label: "Email or username", type: "text" },
          password: { label: "Password", type: "password" },
        },
        async authorize(credentials, req) {
          const headers = new Headers(req.headers as Record<string, string>);
          const user = await signInWithPassword(credentials, requestContext(headers)).catch((err: unknown) => {
            // the account's progressive delay: the sign-in page says to wait (same text for everyone)
            if (isAppError(err) && err.code === "RATE_LIMITED") throw new Error("AccountDelay");
            throw err;
          });
          return user
            ? { id: user.id, name: user.name || user.username, email: user.email, sessionId: user.sessionId }
            : null;
        },
      }),
      CredentialsProvider({
        // the browser posts the WebAuthn assertion (JSON) it got from navigator.credentials.get
        id: "passkey",
        name: "Passkey",
        credentials: { response: { label: "Passkey response", type: "text" } },
        async authorize(credentials, req) {
          let response: unknown;
          try {
            response = JSON.parse(credentials?.response ?? "");
          } catch {
            return null;
          }
          const user = await signInWithPasskey(
            response,
            requestContext(new Headers(req.headers as Record<string, string>)),
          );
          return user
            ? { id: user.id, name: user.name || user.username, email: user.email, sessionId: user.sessionId }
            : null;
        },
      }),
      ...oidcProviders(),
    ],
    callbacks: {
      // Every sign-in (password, passkey, Authentik) ends on the console: same rule as the sign-in page.
      redirect({ url }) {
        return new URL(safeCallbackPath(url, c.APP_URL), c.APP_URL).toString();
      },
      async signIn({ user, account }) {
        if (account?.provider !== "authentik") return true;
        // next-auth hands this same user object to the jwt callback below: from here on it
        // carries our user id and session id instead of the provider's subject.
        const result = await completeAuthentikSignIn(user);
        if (typeof result === "string") return result;
        Object.assign(user, result);
        return true;
      },
      async jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.sid = user.sessionId;
        }
        return token;
      },
      async session({ session, token }) {
        session.user = { id: token.uid ?? "", name: token.name, email: token.email };
        session.sessionId = token.sid ?? "";
        return session;
      },
    },
    events: {
      // Signing out ends the session row too, so a copied cookie stops working at once.
      async signOut({ token }) {
        if (token?.sid && token.uid) await signOutSession(token.sid, token.uid);
      },
    },
  };
  return cached;
}
