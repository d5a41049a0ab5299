import { createHmac } from 'node:crypto';

/** Stripe-Signature header: `t=<unix>,v1=<hex hmac_sha256(secret, "t.body")>` (§8). */
export function signPayload(body: string, secret: string, timestamp: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${v1}`;
}
