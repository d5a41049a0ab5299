import { Router } from './routes.js';
import { accountRoutes } from './resources/accounts.js';
import { fileRoutes } from './resources/files.js';
import { requirementRoutes } from './resources/requirements.js';
import { applicationFeeRoutes } from './resources/application_fees.js';
import { balanceRoutes } from './resources/balance.js';
import { catalogRoutes } from './resources/catalog.js';
import { chargeRoutes } from './resources/charges.js';
import { checkoutRoutes } from './resources/checkout.js';
import { controlRoutes } from './resources/control.js';
import { customerRoutes } from './resources/customers.js';
import { disputeRoutes } from './resources/disputes.js';
import { eventRoutes } from './resources/events.js';
import { oauthRoutes } from './resources/oauth.js';
import { paymentIntentRoutes } from './resources/payment_intents.js';
import { paymentMethodRoutes } from './resources/payment_methods.js';
import { refundRoutes } from './resources/refunds.js';
import { setupIntentRoutes } from './resources/setup_intents.js';
import { transferRoutes } from './resources/transfers.js';
import { pageRoutes } from './pages/index.js';

/** The full route table: API, control API, hosted pages. */
export function buildRouter(): Router {
  const r = new Router();
  r.add(
    ...customerRoutes, ...paymentMethodRoutes, ...setupIntentRoutes, ...paymentIntentRoutes, ...chargeRoutes, ...refundRoutes,
    ...transferRoutes, ...applicationFeeRoutes, ...balanceRoutes, ...checkoutRoutes, ...accountRoutes, ...requirementRoutes, ...fileRoutes, ...oauthRoutes,
    ...eventRoutes, ...disputeRoutes, ...catalogRoutes, ...controlRoutes, ...pageRoutes,
  );
  return r;
}
