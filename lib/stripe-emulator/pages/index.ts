import type { Route } from '../routes.js';
export const pageRoutes: Route[] = [];
