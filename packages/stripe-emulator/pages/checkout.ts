import type Stripe from 'stripe';
import { html, redirect, type Result } from '../context.js';
import type { Emulator } from '../emulator.js';
import { completeSession } from '../resources/checkout.js';
import { idOf } from '../resources/lookup.js';
import { page, type PageCtx, type Route } from '../routes.js';
import type { Tenant } from '../store.js';
import { esc, field, layout, money, pageApiCtx, tenantFor } from './common.js';

const QUICK: [string, string][] = [['4242424242424242', 'Success'], ['4000000000000002', 'Decline'], ['4000000000009995', 'Insufficient funds'], ['4000002500003155', '3DS (setup)'], ['4000002760003184', '3DS always'], ['4000000000000259', 'Dispute']];

function session(emu: Emulator, id: string): { t: Tenant; cs: Stripe.Checkout.Session | undefined } {
  const t = tenantFor(emu, id, 'checkout.session');
  return { t, cs: t.sessions.get(id) };
}

function merchantName(t: Tenant, cs: Stripe.Checkout.Session): string {
  const owner = t.owner.get(cs.id) ?? t.platformId;
  const a = t.accounts.get(owner);
  if (owner !== t.platformId && a) return a.business_profile?.name ?? a.settings?.dashboard.display_name ?? a.email ?? a.id;
  return 'Plaza';
}

function unavailable(cs: Stripe.Checkout.Session | undefined): Result {
  return layout('Checkout', `<span class="badge">TEST MODE</span><h2 data-testid="checkout-unavailable">This Checkout Session is no longer available</h2><p>Status: ${esc(cs?.status ?? 'unknown')}</p>`);
}

function form(t: Tenant, cs: Stripe.Checkout.Session, action: string, card: string, error?: string, embedded = false): Result {
  const items = t.sessionItems.get(cs.id) ?? [];
  const rows = items.map((li) => `<tr data-testid="line-item"><td>${esc(li.description)} × ${esc(li.quantity)}</td><td class="r">${money(li.amount_total, li.currency)}</td></tr>`).join('');
  const setup = cs.mode === 'setup';
  const qs = embedded ? `?client_secret=${encodeURIComponent(cs.client_secret ?? '')}&` : '?';
  const quick = QUICK.map(([n, label]) => `<a data-testid="quickfill-${n.slice(-4)}" href="${qs}card=${n}">${esc(label)} ${n.slice(-4)}</a>`).join('');
  const back = !embedded && cs.cancel_url ? `<a class="btn secondary" data-testid="back-link" href="${esc(cs.cancel_url)}">← Back</a>` : '';
  return layout('Checkout', `<span class="badge" data-testid="test-mode">TEST MODE</span>
<h2 data-testid="merchant-name">${esc(merchantName(t, cs))}</h2>
${setup ? '<p>Save your card for future payments.</p>' : `<table>${rows}<tr><td><b>Total</b></td><td class="r" data-testid="total"><b>${money(cs.amount_total, cs.currency)}</b></td></tr></table>`}
${error ? `<div class="error" data-testid="checkout-error" role="alert">${esc(error)}</div>` : ''}
<form method="post" action="${esc(action)}">
<label>Email<input name="email" type="email" data-testid="email" value="${esc(cs.customer_email ?? cs.customer_details?.email ?? '')}" ${cs.customer_email ? 'readonly' : ''} placeholder="you@example.com"></label>
<label>Card number<input name="card" data-testid="card-number" inputmode="numeric" value="${esc(card.replace(/(\d{4})(?=\d)/g, '$1 '))}"></label>
<div class="row"><label>Expiry<input name="exp" data-testid="card-expiry" value="12/34"></label><label>CVC<input name="cvc" data-testid="card-cvc" value="123"></label></div>
<label>Name on card<input name="name" data-testid="card-name" value="Test Customer"></label>
<label>ZIP<input name="zip" data-testid="card-zip" value="12345"></label>
<div class="quick">${quick}</div>
<button type="submit" data-testid="pay-button">${setup ? 'Save card' : `Pay ${money(cs.amount_total, cs.currency)}`}</button>
</form>${back}`);
}

function successTarget(cs: Stripe.Checkout.Session, publicUrl: string): string {
  if (cs.success_url) return cs.success_url.replace(/\{CHECKOUT_SESSION_ID\}/g, cs.id);
  return `${publicUrl}/c/done/${cs.id}`;
}

/** Embedded completion: navigate the top window to return_url, or notify the parent (redirect_on_completion=never). */
function embeddedDone(cs: Stripe.Checkout.Session): Result {
  const ret = cs.return_url ? cs.return_url.replace(/\{CHECKOUT_SESSION_ID\}/g, cs.id) : '';
  const never = cs.redirect_on_completion === 'never' || !ret;
  const script = never
    ? `window.parent.postMessage({type:'emu-checkout-complete',session:${JSON.stringify(cs.id)}},'*');`
    : `window.parent.postMessage({type:'emu-checkout-redirect',session:${JSON.stringify(cs.id)},url:${JSON.stringify(ret)}},'*');setTimeout(function(){try{window.top.location.href=${JSON.stringify(ret)}}catch(e){}},50);`;
  return html(`<!doctype html><html><body><p data-testid="checkout-complete">Payment complete.</p>${ret && !never ? `<a target="_top" href="${ret.replace(/"/g, '&quot;')}">Continue</a>` : ''}<script>${script}</script></body></html>`);
}

function submit(c: PageCtx, embedded: boolean): Result {
  const id = c.pathParams.cs;
  const { t, cs } = session(c.emu, id);
  if (!cs || cs.status !== 'open') return unavailable(cs);
  const owner = t.owner.get(cs.id) ?? t.platformId;
  const ctx = pageApiCtx(c.emu, t, owner, `/c/pay/${id}`);
  const card = (field(c.form, 'card') ?? '4242424242424242').replace(/[\s-]/g, '');
  const outcome = completeSession(ctx, cs, { card, email: field(c.form, 'email'), name: field(c.form, 'name') });
  const action = embedded ? `/c/embedded/${id}?client_secret=${encodeURIComponent(cs.client_secret ?? '')}` : `/c/pay/${id}`;
  if (outcome.kind === 'declined') return form(t, cs, action, card, outcome.message, embedded);
  if (outcome.kind === 'requires_action') return redirect(outcome.url, 303);
  return embedded ? embeddedDone(cs) : redirect(successTarget(cs, c.emu.publicUrl), 303);
}

function afterAuth(c: PageCtx): Result {
  const id = c.pathParams.cs;
  const { t, cs } = session(c.emu, id);
  if (!cs) return unavailable(cs);
  const embedded = cs.ui_mode === 'embedded_page';
  if (cs.status === 'complete') return embedded ? embeddedDone(cs) : redirect(successTarget(cs, c.emu.publicUrl), 303);
  if (cs.status !== 'open') return unavailable(cs);
  const intentId = idOf(cs.payment_intent) ?? idOf(cs.setup_intent) ?? '';
  const pi = t.paymentIntents.get(intentId);
  const si = t.setupIntents.get(intentId);
  const message = pi?.last_payment_error?.message ?? si?.last_setup_error?.message ?? 'Authentication failed.';
  const action = embedded ? `/c/embedded/${id}?client_secret=${encodeURIComponent(cs.client_secret ?? '')}` : `/c/pay/${id}`;
  return form(t, cs, action, '4242424242424242', message, embedded);
}

export const checkoutPages: Route[] = [
  page('GET', '/c/pay/:cs', (c) => {
    const { t, cs } = session(c.emu, c.pathParams.cs);
    if (!cs || cs.status !== 'open' || cs.ui_mode !== 'hosted_page') return unavailable(cs);
    return form(t, cs, `/c/pay/${cs.id}`, c.query.get('card') ?? '4242424242424242', c.query.get('error') ?? undefined);
  }),
  page('POST', '/c/pay/:cs', (c) => submit(c, false)),
  page('GET', '/c/embedded/:cs', (c) => {
    const { t, cs } = session(c.emu, c.pathParams.cs);
    if (!cs || cs.status !== 'open' || cs.client_secret !== c.query.get('client_secret')) return unavailable(cs);
    return form(t, cs, `/c/embedded/${cs.id}?client_secret=${encodeURIComponent(cs.client_secret ?? '')}`, c.query.get('card') ?? '4242424242424242', undefined, true);
  }),
  page('POST', '/c/embedded/:cs', (c) => {
    const { cs } = session(c.emu, c.pathParams.cs);
    if (!cs || cs.client_secret !== c.query.get('client_secret')) return unavailable(cs);
    return submit(c, true);
  }),
  page('GET', '/c/return/:cs', afterAuth),
  page('GET', '/receipts/:pi', (c) => {
    const t = tenantFor(c.emu, c.pathParams.pi, 'payment_intent');
    const pi = t.paymentIntents.get(c.pathParams.pi);
    return layout('Receipt', `<span class="badge">TEST MODE</span><h2 data-testid="receipt">Receipt</h2><p>${esc(pi?.description ?? 'Payment')}</p><p><b>${money(pi?.amount_received ?? 0, pi?.currency ?? 'usd')}</b> · ${esc(pi?.status)}</p>`);
  }),
  page('GET', '/c/done/:cs', (c) => layout('Payment complete', `<span class="badge">TEST MODE</span><h2 data-testid="checkout-complete">Payment complete</h2><p>Session ${esc(c.pathParams.cs)}</p>`)),
];
