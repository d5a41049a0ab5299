import type { Ctx, Result } from './context.js';
import type { Emulator } from './emulator.js';
import type { FormObject } from './form.js';

/** `secret`: sk/rk/OAuth token; `publishable`: also pk_test (browser routes, CORS). */
export type AuthMode = 'secret' | 'publishable';

export interface ApiRoute {
  kind: 'api';
  method: string;
  pattern: string;
  auth: AuthMode;
  handler: (ctx: Ctx) => Result | Promise<Result>;
}

export interface PageCtx {
  emu: Emulator;
  method: string;
  pathParams: Record<string, string>;
  query: URLSearchParams;
  form: FormObject;
  headers: Record<string, string>;
}

export interface PageRoute {
  kind: 'page';
  method: string;
  pattern: string;
  handler: (ctx: PageCtx) => Result | Promise<Result>;
}

export type Route = ApiRoute | PageRoute;

export const api = (method: string, pattern: string, handler: ApiRoute['handler'], auth: AuthMode = 'secret'): ApiRoute => ({ kind: 'api', method, pattern, auth, handler });
export const page = (method: string, pattern: string, handler: PageRoute['handler']): PageRoute => ({ kind: 'page', method, pattern, handler });

interface Compiled { route: Route; re: RegExp; names: string[] }

export class Router {
  private compiled: Compiled[] = [];

  add(...routes: Route[]): void {
    for (const route of routes) {
      const names: string[] = [];
      const re = new RegExp('^' + route.pattern.replace(/\/:([a-z_]+)/g, (_m, n: string) => { names.push(n); return '/([^/]+)'; }) + '/?$');
      this.compiled.push({ route, re, names });
    }
  }

  match(method: string, path: string): { route: Route; params: Record<string, string> } | 'method' | undefined {
    let pathMatched = false;
    for (const c of this.compiled) {
      const m = c.re.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (c.route.method !== method) continue;
      const params: Record<string, string> = {};
      c.names.forEach((n, i) => { params[n] = decodeURIComponent(m[i + 1]); });
      return { route: c.route, params };
    }
    return pathMatched ? 'method' : undefined;
  }
}
