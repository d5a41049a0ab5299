import { redirect, type Result } from '../context.js';
import { authenticate } from '../resources/authenticate.js';
import { page, type PageCtx, type Route } from '../routes.js';
import { esc, field, layout, money, pageApiCtx, tenantFor, withParams } from './common.js';

function lookup(c: PageCtx): { ok: boolean; amount: string; t: ReturnType<typeof tenantFor> } {
  const id = c.pathParams.id;
  const t = tenantFor(c.emu, id, 'payment_intent');
  const extra = t.intentExtra.get(id);
  const pi = t.paymentIntents.get(id);
  const si = t.setupIntents.get(id);
  const status = pi?.status ?? si?.status;
  const amount = pi ? money(pi.amount, pi.currency) : 'card setup';
  return { ok: extra?.token === c.pathParams.token && status === 'requires_action', amount, t };
}

function show(c: PageCtx): Result {
  const { ok, amount } = lookup(c);
  if (!ok) return layout('3D Secure', `<span class="badge">TEST MODE</span><h2 data-testid="3ds-unavailable">This authentication is no longer pending.</h2>`);
  return layout('3D Secure authentication', `<span class="badge">TEST MODE</span><h2>3D Secure 2 test page</h2>
<p>Authenticate ${esc(amount)} for ${esc(c.pathParams.id)}.</p>
<form method="post"><button name="action" value="complete" data-testid="3ds-complete">Complete authentication</button>
<button name="action" value="fail" class="danger" data-testid="3ds-fail">Fail authentication</button></form>`);
}

function decide(c: PageCtx): Result {
  const { ok, t } = lookup(c);
  if (!ok) return show(c);
  const id = c.pathParams.id;
  const success = field(c.form, 'action') !== 'fail';
  const owner = t.owner.get(id) ?? t.platformId;
  const res = authenticate(pageApiCtx(c.emu, t, owner, `/3ds/${id}`), id, success);
  if (res.sessionId) return redirect(`${c.emu.publicUrl}/c/return/${res.sessionId}`, 303);
  const returnUrl = t.intentExtra.get(id)?.returnUrl;
  const status = res.intent.status === 'succeeded' || res.intent.status === 'requires_capture' ? 'succeeded' : 'failed';
  if (returnUrl) {
    const key = res.kind;
    return redirect(withParams(returnUrl, { [key]: id, [`${key}_client_secret`]: res.intent.client_secret ?? '', redirect_status: status }), 303);
  }
  return layout('Authentication finished', `<span class="badge">TEST MODE</span><h2 data-testid="3ds-done">Authentication ${esc(status)}</h2><p>You can close this window.</p><script>try{window.parent.postMessage({type:'emu-3ds-done',id:${JSON.stringify(id)},status:${JSON.stringify(status)}},'*')}catch(e){}</script>`);
}

export const threeDSPages: Route[] = [
  page('GET', '/3ds/:id/:token', show),
  page('POST', '/3ds/:id/:token', decide),
];
