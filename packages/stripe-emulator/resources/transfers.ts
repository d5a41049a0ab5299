import type { Ctx, Result } from '../context.js';
import { invalid } from '../errors.js';
import { availableAmount } from '../money.js';
import { mergeMetadata } from '../params.js';
import { api, type Route } from '../routes.js';
import { createTransferRecord } from './charging.js';
import { listResult, objResult } from './list.js';
import { owned, ownedValues } from './lookup.js';
import { reverseTransfer } from './refunds.js';

function create(ctx: Ctx): Result {
  const t = ctx.tenant;
  if (!ctx.isPlatform) throw invalid('Transfers can only be created by the platform.', 'transfers_not_allowed');
  const p = ctx.params.allow('amount', 'currency', 'destination', 'source_transaction', 'transfer_group', 'metadata', 'description', 'source_type');
  const amount = p.reqInt('amount');
  const currency = p.reqStr('currency').toLowerCase();
  const destination = p.reqStr('destination');
  const source = p.str('source_transaction');
  if (source) {
    const ch = owned(ctx, t.charges, source, 'charge', 'source_transaction');
    if (amount > ch.amount_captured - ch.amount_refunded) throw invalid('Transfer amount exceeds the source transaction amount.', 'amount_too_large', 'amount');
  } else if (availableAmount(t, t.platformId, currency) < amount) {
    throw invalid('You have insufficient available funds in your Stripe account. Try adding funds directly to your available balance by creating Charges using the 4000000000000077 test card.', 'balance_insufficient', 'amount');
  }
  const { transfer } = createTransferRecord(ctx, { amount, currency, destination, sourceTransaction: source ?? null, transferGroup: p.str('transfer_group') ?? null, pending: false, metadata: mergeMetadata(null, p.metadata()), description: p.str('description') ?? null });
  ctx.emit('transfer.created', transfer);
  return objResult(ctx, transfer);
}

function createReversal(ctx: Ctx): Result {
  const tr = owned(ctx, ctx.tenant.transfers, ctx.param('id'), 'transfer');
  const p = ctx.params.allow('amount', 'refund_application_fee', 'metadata', 'description');
  const amount = p.int('amount') ?? tr.amount - tr.amount_reversed;
  const before = tr.amount_reversed;
  const trr = reverseTransfer(ctx, tr, amount, null, mergeMetadata(null, p.metadata()));
  ctx.emit('transfer.reversed', tr, ctx.account, { amount_reversed: before, reversed: false });
  return objResult(ctx, trr);
}

export const transferRoutes: Route[] = [
  api('POST', '/v1/transfers', create),
  api('GET', '/v1/transfers', (ctx) => {
    const dest = ctx.params.str('destination');
    const tg = ctx.params.str('transfer_group');
    return listResult(ctx, ownedValues(ctx, ctx.tenant.transfers).filter((x) => (!dest || x.destination === dest) && (!tg || x.transfer_group === tg)), '/v1/transfers');
  }),
  api('GET', '/v1/transfers/:id', (ctx) => objResult(ctx, owned(ctx, ctx.tenant.transfers, ctx.param('id'), 'transfer'))),
  api('POST', '/v1/transfers/:id', (ctx) => {
    const tr = owned(ctx, ctx.tenant.transfers, ctx.param('id'), 'transfer');
    const p = ctx.params.allow('metadata', 'description');
    const prev = { metadata: tr.metadata };
    if (p.raw.metadata !== undefined) tr.metadata = mergeMetadata(tr.metadata, p.metadata());
    ctx.emit('transfer.updated', tr, ctx.account, prev);
    return objResult(ctx, tr);
  }),
  api('POST', '/v1/transfers/:id/reversals', createReversal),
  api('GET', '/v1/transfers/:id/reversals', (ctx) => {
    const tr = owned(ctx, ctx.tenant.transfers, ctx.param('id'), 'transfer');
    return listResult(ctx, ownedValues(ctx, ctx.tenant.reversals).filter((r) => r.transfer === tr.id), `/v1/transfers/${tr.id}/reversals`);
  }),
  api('GET', '/v1/transfers/:id/reversals/:rid', (ctx) => objResult(ctx, owned(ctx, ctx.tenant.reversals, ctx.param('rid'), 'transfer_reversal'))),
];
