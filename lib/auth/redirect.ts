/**
 * Where the browser goes after signing in or out. Auth.js builds its base URL from the request, which under
 * Plaza's own server can be the bind address (http://0.0.0.0:3000); a callback on that host, or on the app's
 * configured host, keeps its path but is sent to APP_URL. Anything else (another host, a broken URL) goes to
 * APP_URL's home page: redirects never leave the app.
 */
export function appRedirect(url: string, baseUrl: string, appUrl: string): string {
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
  if (target.origin !== app.origin && target.origin !== baseOrigin) return `${home}/`;
  if (target.protocol !== "http:" && target.protocol !== "https:") return `${home}/`;
  return `${app.origin}${target.pathname}${target.search}${target.hash}`;
}
