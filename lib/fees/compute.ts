import { feeFor, percentOf } from "@/lib/money";

/** A card-sale fee rule: percent in basis points (half-up), plus fixed, clamped to [min, max]. Minor units. */
export interface CardFeeRule {
  percentBps: number;
  fixed: number;
  min: number | null;
  max: number | null;
}

/** How a fee was computed, stored on the order so anyone can check it later. */
export interface FeeComputation {
  scheduleId: string | null;
  source: "platform" | "organisation" | "built_in";
  effectiveFrom: string | null;
  rule: CardFeeRule;
  base: number;
  percentPart: number;
  fixedPart: number;
  /** percent + fixed before the minimum, maximum and the charge itself were applied. */
  raw: number;
  clamped: "min" | "max" | "amount" | null;
  fee: number;
}

/** The fee for a charge of `amount` under `rule`, with every step of the computation. */
export function computeCardFee(amount: number, rule: CardFeeRule, meta: Pick<FeeComputation, "scheduleId" | "source" | "effectiveFrom">): FeeComputation {
  const percentPart = percentOf(amount, rule.percentBps);
  const raw = percentPart + rule.fixed;
  const fee = feeFor(amount, { percentBp: rule.percentBps, fixed: rule.fixed, min: rule.min ?? undefined, max: rule.max ?? undefined });
  let clamped: FeeComputation["clamped"] = null;
  if (fee !== raw) {
    if (fee === amount && raw > amount) clamped = "amount";
    else if (rule.max !== null && fee === rule.max && raw > rule.max) clamped = "max";
    else if (rule.min !== null && fee === rule.min && raw < rule.min) clamped = "min";
    else clamped = "amount";
  }
  return { ...meta, rule, base: amount, percentPart, fixedPart: rule.fixed, raw, clamped, fee };
}

/** The settlement fee on an amount the platform pays out (basis points, half-up). */
export function settlementFee(amount: number, percentBps: number): number {
  return percentOf(amount, percentBps);
}
