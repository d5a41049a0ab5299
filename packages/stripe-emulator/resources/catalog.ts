import type { Ctx, Result } from '../context.js';
import { invalid } from '../errors.js';
import { price, product } from '../objects.js';
import { mergeMetadata } from '../params.js';
import { api, type Route } from '../routes.js';
import { listResult, objResult } from './list.js';
import { owned, ownedValues } from './lookup.js';

/** Products and prices (only needed when the app uses price ids instead of price_data). */
function createProduct(ctx: Ctx): Result {
  const t = ctx.tenant;
  const p = ctx.params.allow('name', 'description', 'images', 'metadata', 'active', 'url', 'default_price_data', 'id', 'type');
  const prod = t.put(t.products, product(p.str('id') ?? t.newId('prod'), ctx.now(), p.reqStr('name'), {
    description: p.str('description') ?? null, images: p.strArr('images') ?? [], metadata: mergeMetadata(null, p.metadata()), active: p.bool('active') ?? true, url: p.str('url') ?? null,
  }), ctx.account);
  const dpd = p.obj('default_price_data');
  if (dpd) {
    const pr = t.put(t.prices, price(t.newId('price'), ctx.now(), { currency: dpd.reqStr('currency').toLowerCase(), unit_amount: dpd.reqInt('unit_amount'), product: prod.id }), ctx.account);
    prod.default_price = pr.id;
  }
  ctx.emit('product.created', prod);
  return objResult(ctx, prod);
}

function createPrice(ctx: Ctx): Result {
  const t = ctx.tenant;
  const p = ctx.params.allow('currency', 'unit_amount', 'product', 'product_data', 'metadata', 'nickname', 'lookup_key', 'active', 'tax_behavior');
  let productId = p.str('product');
  const pd = p.obj('product_data');
  if (!productId && pd) productId = t.put(t.products, product(t.newId('prod'), ctx.now(), pd.reqStr('name')), ctx.account).id;
  if (!productId) throw invalid('Missing required param: product.', 'parameter_missing', 'product');
  owned(ctx, t.products, productId, 'product', 'product');
  const pr = t.put(t.prices, price(t.newId('price'), ctx.now(), {
    currency: p.reqStr('currency').toLowerCase(), unit_amount: p.reqInt('unit_amount'), product: productId, metadata: mergeMetadata(null, p.metadata()),
    nickname: p.str('nickname') ?? null, lookup_key: p.str('lookup_key') ?? null, active: p.bool('active') ?? true,
  }), ctx.account);
  ctx.emit('price.created', pr);
  return objResult(ctx, pr);
}

export const catalogRoutes: Route[] = [
  api('POST', '/v1/products', createProduct),
  api('GET', '/v1/products', (ctx) => listResult(ctx, ownedValues(ctx, ctx.tenant.products), '/v1/products')),
  api('GET', '/v1/products/:id', (ctx) => objResult(ctx, owned(ctx, ctx.tenant.products, ctx.param('id'), 'product'))),
  api('POST', '/v1/prices', createPrice),
  api('GET', '/v1/prices', (ctx) => {
    const prod = ctx.params.str('product');
    return listResult(ctx, ownedValues(ctx, ctx.tenant.prices).filter((x) => !prod || x.product === prod), '/v1/prices');
  }),
  api('GET', '/v1/prices/:id', (ctx) => objResult(ctx, owned(ctx, ctx.tenant.prices, ctx.param('id'), 'price'))),
];
