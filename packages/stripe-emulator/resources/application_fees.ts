import type { Ctx, Result } from '../context.js';
import { mergeMetadata } from '../params.js';
import { api, type Route } from '../routes.js';
import { listResult, objResult } from './list.js';
import { owned, ownedValues } from './lookup.js';
import { refundApplicationFee } from './refunds.js';

function createRefund(ctx: Ctx): Result {
  const fee = owned(ctx, ctx.tenant.appFees, ctx.param('id'), 'application_fee');
  const p = ctx.params.allow('amount', 'metadata');
  const before = fee.amount_refunded;
  const fr = refundApplicationFee(ctx, fee, p.int('amount') ?? fee.amount - fee.amount_refunded, mergeMetadata(null, p.metadata()));
  ctx.emit('application_fee.refunded', fee, ctx.account, { amount_refunded: before, refunded: false });
  return objResult(ctx, fr);
}

export const applicationFeeRoutes: Route[] = [
  api('GET', '/v1/application_fees', (ctx) => {
    const charge = ctx.params.str('charge');
    return listResult(ctx, ownedValues(ctx, ctx.tenant.appFees).filter((f) => !charge || f.charge === charge || f.originating_transaction === charge), '/v1/application_fees');
  }),
  api('GET', '/v1/application_fees/:id', (ctx) => objResult(ctx, owned(ctx, ctx.tenant.appFees, ctx.param('id'), 'application_fee'))),
  api('POST', '/v1/application_fees/:id/refunds', createRefund),
  api('POST', '/v1/application_fees/:id/refund', createRefund),
  api('GET', '/v1/application_fees/:id/refunds', (ctx) => {
    const fee = owned(ctx, ctx.tenant.appFees, ctx.param('id'), 'application_fee');
    return listResult(ctx, ownedValues(ctx, ctx.tenant.feeRefunds).filter((r) => r.fee === fee.id), `/v1/application_fees/${fee.id}/refunds`);
  }),
  api('GET', '/v1/application_fees/:id/refunds/:rid', (ctx) => objResult(ctx, owned(ctx, ctx.tenant.feeRefunds, ctx.param('rid'), 'fee_refund'))),
];
