import type Stripe from 'stripe';
import type { Ctx, Result } from '../context.js';
import { invalid } from '../errors.js';
import { api, type Route } from '../routes.js';
import { createdFilter, listResult, objResult } from './list.js';
import { owned, ownedValues } from './lookup.js';

/**
 * The Files API (multipart `POST /v1/files`, stripe-node's files.create). Uploads are kept by size and type only.
 * Stripe's test file tokens work without an upload: file_identity_document_success / _failure.
 */
export const FILE_TOKEN_SUCCESS = 'file_identity_document_success';
export const FILE_TOKEN_FAILURE = 'file_identity_document_failure';

const EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'application/pdf': 'pdf', 'image/gif': 'gif' };
const MAX_BYTES = 10 * 1024 * 1024;

function create(ctx: Ctx): Result {
  const t = ctx.tenant;
  const purpose = ctx.params.reqStr('purpose');
  const upload = ctx.uploads.find((u) => u.field === 'file');
  if (!upload) throw invalid('Missing required param: file.', 'parameter_missing', 'file');
  if (upload.bytes.length > MAX_BYTES) throw invalid('File size exceeds the 10MB limit for this purpose.', 'file_too_large', 'file');
  const ext = EXTENSIONS[upload.contentType] ?? (upload.filename.split('.').pop()?.toLowerCase() || null);
  const file: Stripe.File = {
    id: t.newId('file'), object: 'file', created: ctx.now(), expires_at: null, filename: upload.filename, links: { object: 'list', data: [], has_more: false, url: '/v1/file_links' },
    purpose, size: upload.bytes.length, title: null, type: ext, url: null,
  };
  t.put(t.files, file, ctx.account);
  return objResult(ctx, file);
}

/** A file usable as `account`'s identity document: uploaded by that account or its platform, or a Stripe test token. */
export function identityDocument(ctx: Ctx, account: string, id: string, param: string): { id: string; verifies: boolean } {
  if (id === FILE_TOKEN_SUCCESS || id === FILE_TOKEN_FAILURE) return { id, verifies: id === FILE_TOKEN_SUCCESS };
  const file = ctx.tenant.files.get(id);
  if (!file || (ctx.tenant.owner.get(id) !== account && ctx.tenant.owner.get(id) !== ctx.tenant.platformId)) throw invalid(`No such file upload: '${id}'`, 'resource_missing', param, 404);
  if (file.purpose !== 'identity_document') throw invalid(`The file '${id}' has purpose '${file.purpose}', but 'identity_document' is required.`, 'parameter_invalid_string', param);
  return { id, verifies: true };
}

export const fileRoutes: Route[] = [
  api('POST', '/v1/files', create),
  api('GET', '/v1/files', (ctx) => {
    const purpose = ctx.params.str('purpose');
    const created = createdFilter(ctx);
    return listResult(ctx, ownedValues(ctx, ctx.tenant.files).filter((f) => (!purpose || f.purpose === purpose) && created(f)), '/v1/files');
  }),
  api('GET', '/v1/files/:id', (ctx) => objResult(ctx, owned(ctx, ctx.tenant.files, ctx.param('id'), 'file'))),
];
