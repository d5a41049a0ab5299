import type Stripe from 'stripe';
import type { Ctx } from '../context.js';
import type { Emulator } from '../emulator.js';
import { availableAmount, balanceFor } from '../money.js';
import type { Params } from '../params.js';
import type { Tenant } from '../store.js';
import { defaultBank, startPayout } from './balance.js';

/**
 * `settings.payouts.schedule`: manual, or automatic payouts of the available balance on the clock (daily, weekly on
 * `weekly_anchor`, monthly on `monthly_anchor`), at 00:00 UTC. Accounts whose schedule was never set through the API
 * keep the emulator's historical behaviour (no automatic payouts), so existing flows see no surprise payouts.
 */
type Schedule = Stripe.Account.Settings.Payouts.Schedule;
const DAY = 86400;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

/** Bumped on every schedule change so a superseded automatic-payout chain stops. */
const generation = new WeakMap<Stripe.Account, number>();

export function setPayoutSchedule(ctx: Ctx, a: Stripe.Account, p: Params): void {
  const payouts = a.settings?.payouts;
  if (!payouts) return;
  const prev = payouts.schedule;
  const interval = p.enumOf('interval', ['manual', 'daily', 'weekly', 'monthly'] as const) ?? prev.interval;
  const delay = p.str('delay_days') === 'minimum' ? 2 : p.int('delay_days') ?? prev.delay_days;
  const next: Schedule = { delay_days: delay, interval };
  if (interval === 'weekly') next.weekly_anchor = p.enumOf('weekly_anchor', WEEKDAYS) ?? prev.weekly_anchor ?? 'monday';
  if (interval === 'monthly') next.monthly_anchor = p.int('monthly_anchor') ?? prev.monthly_anchor ?? 1;
  payouts.schedule = next;
  const gen = (generation.get(a) ?? 0) + 1;
  generation.set(a, gen);
  if (interval !== 'manual') scheduleNext(ctx.emu, ctx.tenant, a, gen);
}

export function nextPayoutAt(now: number, s: Schedule): number {
  let day = Math.floor(now / DAY) * DAY + DAY;
  for (let i = 0; i < 62; i++, day += DAY) {
    const d = new Date(day * 1000);
    if (s.interval === 'daily') return day;
    if (s.interval === 'weekly' && WEEKDAYS[d.getUTCDay()] === (s.weekly_anchor ?? 'monday')) return day;
    if (s.interval === 'monthly' && d.getUTCDate() === Math.min(s.monthly_anchor ?? 1, 28)) return day;
  }
  return day;
}

function scheduleNext(emu: Emulator, t: Tenant, a: Stripe.Account, gen: number): void {
  const s = a.settings?.payouts?.schedule;
  if (!s || s.interval === 'manual') return;
  emu.clock.schedule(nextPayoutAt(emu.clock.now(), s), `automatic payout ${a.id}`, () => {
    if (generation.get(a) !== gen || a.settings?.payouts?.schedule.interval === 'manual') return;
    if (a.payouts_enabled) {
      for (const { currency } of balanceFor(t, a.id).available) {
        const amount = availableAmount(t, a.id, currency);
        if (amount > 0) startPayout(emu, t, a.id, { amount, currency, bank: defaultBank(t, a.id), method: 'standard', metadata: {}, description: 'STRIPE PAYOUT', automatic: true }, emu.clock.now());
      }
    }
    scheduleNext(emu, t, a, gen);
  });
}
