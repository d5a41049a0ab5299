/**
 * Where the browser goes after signing in or out. Auth.js builds its base URL from the request, which under
 * Plaza's own server can be the bind address (http://0.0.0.0:3000); a callback on that host, on the server's
 * bind address or on the app's configured host keeps its path but is sent to APP_URL. Anything else (another
 * host, a broken URL) goes to APP_URL's home page: redirects never leave the app.
 */
export function appRedirect(url: string, baseUrl: string, appUrl: string, bindOrigins: string[] = []): string {
  const app = new URL(appUrl);
  const home = `${app.origin}${app.pathname.replace(/\/$/, "")}`;
  let target: URL;
  try {
    target = new URL(url, baseUrl);
  } catch {
    return `${home}/`;
  }
  let baseOrigin: string | null = null;
  try {
    baseOrigin = new URL(baseUrl).origin;
  } catch {
    // A broken base URL only means no second trusted origin.
  }
  if (target.origin !== app.origin && target.origin !== baseOrigin && !bindOrigins.includes(target.origin)) return `${home}/`;
  if (target.protocol !== "http:" && target.protocol !== "https:") return `${home}/`;
  return `${app.origin}${target.pathname}${target.search}${target.hash}`;
}

/** The origins the server itself answers on (HOST:PORT; all local names when it listens on every interface). */
export function bindOrigins(host: string, port: number): string[] {
  const hosts = host === "0.0.0.0" || host === "::" ? ["0.0.0.0", "127.0.0.1", "localhost", "[::1]"] : [host.includes(":") ? `[${host}]` : host];
  return hosts.flatMap((h) => {
    try {
      return [new URL(`http://${h}:${port}`).origin];
    } catch {
      return [];
    }
  });
}
