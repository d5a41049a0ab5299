import type Stripe from 'stripe';
import type { Params } from '../params.js';

/**
 * Account controller properties, as Stripe reports them. Accounts created with a `type` get the controller that type
 * stands for; accounts created with `controller` get those properties, and `type` is the legacy type they match
 * (or `none`). `requirement_collection: application` means the platform collects requirements through the API.
 */
type Dashboard = Stripe.Account.Controller.StripeDashboard.Type;

export function controllerForType(type: Stripe.Account.Type, viaOAuth = false): Stripe.Account.Controller {
  if (viaOAuth) return { is_controller: false, type: 'account' };
  if (type === 'express') return full('application_express', 'application', 'stripe', 'express');
  if (type === 'custom') return full('application_custom', 'application', 'application', 'none');
  return full('account', 'stripe', 'stripe', 'full');
}

function full(payer: Stripe.Account.Controller.Fees.Payer, losses: Stripe.Account.Controller.Losses.Payments, collection: Stripe.Account.Controller.RequirementCollection, dashboard: Dashboard): Stripe.Account.Controller {
  return { fees: { payer }, is_controller: true, losses: { payments: losses }, requirement_collection: collection, stripe_dashboard: { type: dashboard }, type: 'application' };
}

/** Controller from `controller[...]` create params; unset properties take Stripe's defaults for the dashboard chosen. */
export function controllerFromParams(p: Params): Stripe.Account.Controller {
  const dashboard = p.obj('stripe_dashboard')?.enumOf('type', ['express', 'full', 'none'] as const) ?? 'full';
  const payer = p.obj('fees')?.enumOf('payer', ['account', 'application'] as const) ?? (dashboard === 'full' ? 'account' : 'application');
  const losses = p.obj('losses')?.enumOf('payments', ['application', 'stripe'] as const) ?? (payer === 'application' ? 'application' : 'stripe');
  const collection = p.enumOf('requirement_collection', ['application', 'stripe'] as const) ?? (dashboard === 'none' ? 'application' : 'stripe');
  return full(payer, losses, collection, dashboard);
}

/** The legacy account type a controller configuration corresponds to. */
export function typeForController(c: Stripe.Account.Controller): Stripe.Account.Type {
  const key = [c.stripe_dashboard?.type, c.fees?.payer, c.losses?.payments, c.requirement_collection].join('/');
  if (key === 'full/account/stripe/stripe') return 'standard';
  if (key === 'express/application/application/stripe') return 'express';
  if (key === 'none/application/application/application') return 'custom';
  return 'none';
}

/** The platform collects this account's requirements through the API (custom-like). */
export function platformCollects(a: Stripe.Account): boolean {
  return a.controller?.requirement_collection === 'application';
}

export function hasExpressDashboard(a: Stripe.Account): boolean {
  return a.controller?.stripe_dashboard?.type === 'express';
}
