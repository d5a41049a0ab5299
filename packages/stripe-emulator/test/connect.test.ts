import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onboardedAccount, startHarness, stripeError, type Harness } from './harness.js';

/** Connect fidelity: controller, OAuth revocation, files and identity documents, requirements over time. */
let h: Harness;
beforeAll(async () => { h = await startHarness(); }, 120_000);
afterAll(async () => { await h.close(); });

async function oauthConnect(): Promise<{ access: string; refresh: string; account: string; clientId: string }> {
  const tenant = await h.control<{ client_id: string }>('GET', '/_emu/tenant');
  const form = new URLSearchParams({ client_id: tenant.client_id, redirect_uri: 'https://plaza.test/oauth/callback', state: 's', scope: 'read_write', decision: 'new' });
  const res = await fetch(`${h.emulator.url}/oauth/authorize`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString() });
  const code = String(new URL(String(res.headers.get('location'))).searchParams.get('code'));
  const token = await h.stripe.oauth.token({ grant_type: 'authorization_code', code });
  return { access: String(token.access_token), refresh: String(token.refresh_token), account: String(token.stripe_user_id), clientId: tenant.client_id };
}

describe('OAuth deauthorization', () => {
  it('refuses the access token (401 api_key_expired), the refresh token and the Stripe-Account header afterwards', async () => {
    const c = await oauthConnect();
    const asAccount = h.clientFor(c.access);
    await asAccount.customers.create({ email: 'before@example.com' });
    await h.stripe.oauth.deauthorize({ client_id: c.clientId, stripe_user_id: c.account });

    const e = await stripeError(asAccount.balance.retrieve());
    expect(e.statusCode).toBe(401);
    expect(e).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(e.code).toBe('api_key_expired');
    expect(e.message).toContain('Platform access may have been revoked');
    // not a brand-new empty tenant either: every call with the token is refused
    expect((await stripeError(asAccount.customers.list())).code).toBe('api_key_expired');

    const refresh = await h.stripe.oauth.token({ grant_type: 'refresh_token', refresh_token: c.refresh }).then(() => null, (err: unknown) => err);
    expect(refresh).toBeInstanceOf(Stripe.errors.StripeError);
    expect(refresh instanceof Stripe.errors.StripeError && refresh.type).toBe('StripeInvalidGrantError');

    const header = await stripeError(h.stripe.balance.retrieve({}, { stripeAccount: c.account }));
    expect(header.statusCode).toBe(403);
    expect(header.code).toBe('account_invalid');
  });
});

describe('account controller', () => {
  it.each([
    ['standard', { type: 'application', is_controller: true, fees: { payer: 'account' }, losses: { payments: 'stripe' }, requirement_collection: 'stripe', stripe_dashboard: { type: 'full' } }],
    ['express', { type: 'application', is_controller: true, fees: { payer: 'application_express' }, losses: { payments: 'application' }, requirement_collection: 'stripe', stripe_dashboard: { type: 'express' } }],
    ['custom', { type: 'application', is_controller: true, fees: { payer: 'application_custom' }, losses: { payments: 'application' }, requirement_collection: 'application', stripe_dashboard: { type: 'none' } }],
  ] as const)('derives the controller of a %s account', async (type, controller) => {
    const a = await h.stripe.accounts.create({ type });
    expect(a.type).toBe(type);
    expect(a.controller).toEqual(controller);
  });

  it('creates accounts from controller properties, reporting the type they match (or none)', async () => {
    const expressLike = await h.stripe.accounts.create({ controller: { fees: { payer: 'application' }, losses: { payments: 'application' }, stripe_dashboard: { type: 'express' } } });
    expect(expressLike.type).toBe('express');
    expect(expressLike.controller).toMatchObject({ type: 'application', fees: { payer: 'application' }, requirement_collection: 'stripe', stripe_dashboard: { type: 'express' } });
    // a platform-paid, Stripe-collected account without a dashboard is none of the legacy types (the old emulator said custom)
    const none = await h.stripe.accounts.create({ controller: { fees: { payer: 'application' }, losses: { payments: 'application' }, requirement_collection: 'stripe', stripe_dashboard: { type: 'none' } } });
    expect(none.type).toBe('none');
    expect(none.controller?.stripe_dashboard?.type).toBe('none');
    const e = await stripeError(h.stripe.accounts.create({ type: 'custom', controller: { stripe_dashboard: { type: 'none' } } }));
    expect(e.statusCode).toBe(400);
  });

  it('reports accounts connected through OAuth as controlled by the account', async () => {
    const c = await oauthConnect();
    const a = await h.stripe.accounts.retrieve(c.account);
    expect(a.controller).toEqual({ type: 'account', is_controller: false });
  });
});

describe('Files API and identity documents', () => {
  it('uploads a file (multipart) and verifies an identity document asynchronously, with account.updated at each step', async () => {
    const d = await h.stripe.accounts.create({ type: 'express', capabilities: { card_payments: { requested: true }, transfers: { requested: true } } });
    await h.control('POST', `/_emu/accounts/${d.id}/onboard`, { outcome: 'restricted' });
    const restricted = await h.stripe.accounts.retrieve(d.id);
    expect(restricted.requirements?.currently_due).toContain('individual.verification.document');

    const file = await h.stripe.files.create({ purpose: 'identity_document', file: { data: Buffer.from('%PNG fake passport'), name: 'passport.png', type: 'image/png' } }, { stripeAccount: d.id });
    expect(file).toMatchObject({ object: 'file', purpose: 'identity_document', filename: 'passport.png', size: 18, type: 'png' });
    expect(file.id).toMatch(/^file_/);
    expect((await h.stripe.files.retrieve(file.id, {}, { stripeAccount: d.id })).id).toBe(file.id);

    h.receiver.clear();
    const pending = await h.stripe.accounts.update(d.id, { individual: { verification: { document: { front: file.id } } } });
    expect(pending.requirements?.currently_due).not.toContain('individual.verification.document');
    expect(pending.requirements?.pending_verification).toContain('individual.verification.document');
    await h.control('POST', '/_emu/clock/advance', { seconds: 61 });
    const verified = await h.stripe.accounts.retrieve(d.id);
    expect(verified.requirements?.pending_verification).toEqual([]);
    expect(verified.requirements?.disabled_reason).toBeNull();
    expect(verified.charges_enabled).toBe(true);
    const updates = h.receiver.received.filter((r) => r.event.type === 'account.updated' && r.event.account === d.id);
    expect(updates.length).toBeGreaterThanOrEqual(2);
  });

  it('fails verification for the file_identity_document_failure token and refuses a missing file', async () => {
    const d = await onboardedAccount(h);
    await h.stripe.accounts.update(d.id, { individual: { verification: { document: { front: 'file_identity_document_failure' } } } });
    await h.control('POST', '/_emu/clock/advance', { seconds: 61 });
    const failed = await h.stripe.accounts.retrieve(d.id);
    expect(failed.requirements?.errors?.[0]).toMatchObject({ code: 'verification_document_failed_other', requirement: 'individual.verification.document' });
    expect(failed.charges_enabled).toBe(false);
    const missing = await stripeError(h.stripe.accounts.update(d.id, { individual: { verification: { document: { front: 'file_nope' } } } }));
    expect(missing.statusCode).toBe(404);
    expect(missing.code).toBe('resource_missing');
  });
});

describe('requirements over time (control API)', () => {
  it('adds requirements with a deadline, expires them into past_due, clears them, restricts the account', async () => {
    const d = await onboardedAccount(h);
    h.receiver.clear();
    const due = await h.control<Stripe.Account>('POST', `/_emu/accounts/${d.id}/requirements`, { add: ['company.tax_id'], due_in: 3600 });
    expect(due.requirements?.currently_due).toEqual(['company.tax_id']);
    expect(due.requirements?.current_deadline).toBeGreaterThan(0);
    expect(due.charges_enabled).toBe(true);
    await h.control('POST', '/_emu/clock/advance', { seconds: 3601 });
    const past = await h.stripe.accounts.retrieve(d.id);
    expect(past.requirements).toMatchObject({ past_due: ['company.tax_id'], disabled_reason: 'requirements.past_due', current_deadline: null });
    expect(past.charges_enabled).toBe(false);
    const capUpdates = h.receiver.received.filter((r) => r.event.type === 'capability.updated' && r.event.account === d.id);
    expect(capUpdates.length).toBeGreaterThan(0);
    const cleared = await h.control<Stripe.Account>('POST', `/_emu/accounts/${d.id}/requirements`, { clear: true });
    expect(cleared.requirements).toMatchObject({ currently_due: [], past_due: [], disabled_reason: null });
    expect(cleared.charges_enabled).toBe(true);
    const restricted = await h.control<Stripe.Account>('POST', `/_emu/accounts/${d.id}/requirements`, { restrict: 'under_review' });
    expect(restricted).toMatchObject({ charges_enabled: false, payouts_enabled: false, requirements: { disabled_reason: 'under_review' } });
    const updated = h.receiver.received.filter((r) => r.event.type === 'account.updated' && r.event.account === d.id);
    expect(updated.length).toBe(4);
    expect(updated[1].event.data.previous_attributes).toHaveProperty('requirements');
  });
});
