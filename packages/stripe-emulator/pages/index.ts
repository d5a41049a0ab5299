import type { Route } from '../routes.js';
import { checkoutPages } from './checkout.js';
import { connectPages } from './connect.js';
import { stripeJsPages } from './stripejs.js';
import { threeDSPages } from './threeds.js';

export const pageRoutes: Route[] = [...checkoutPages, ...threeDSPages, ...connectPages, ...stripeJsPages];
