import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDatabase, testDrivers, type TestDatabase } from "@/db/testing";
import { organisations } from "@/db/schema";
import { computeCardFee, settlementFee } from "./compute";
import { cardSaleFee, endFeeOverride, feeHistory, recordFeeSchedule, scheduleInForce } from "./schedules";

const meta = { scheduleId: null, source: "platform" as const, effectiveFrom: null };

describe("card-sale fee computation", () => {
  it("adds percent (half-up) and fixed", () => {
    // 2.5% of 1 001 = 25.025 -> 25; + 30 fixed
    expect(computeCardFee(1001, { percentBps: 250, fixed: 30, min: null, max: null }, meta)).toMatchObject({ percentPart: 25, raw: 55, fee: 55, clamped: null });
    // 2.5% of 1 002 = 25.05 -> 25; 2.5% of 1 020 = 25.5 -> 26 (half-up)
    expect(computeCardFee(1020, { percentBps: 250, fixed: 0, min: null, max: null }, meta).fee).toBe(26);
    expect(computeCardFee(1019, { percentBps: 250, fixed: 0, min: null, max: null }, meta).fee).toBe(25);
  });
  it("applies the minimum and the maximum, and never exceeds the charge", () => {
    expect(computeCardFee(500, { percentBps: 500, fixed: 0, min: 100, max: null }, meta)).toMatchObject({ raw: 25, fee: 100, clamped: "min" });
    expect(computeCardFee(1_000_000, { percentBps: 500, fixed: 30, min: 100, max: 2000 }, meta)).toMatchObject({ raw: 50_030, fee: 2000, clamped: "max" });
    expect(computeCardFee(60, { percentBps: 500, fixed: 30, min: 100, max: null }, meta)).toMatchObject({ fee: 60, clamped: "amount" });
    expect(computeCardFee(0, { percentBps: 500, fixed: 30, min: null, max: null }, meta).fee).toBe(0);
  });
  it("computes the settlement fee in basis points, half-up", () => {
    expect(settlementFee(12_345, 150)).toBe(185); // 185.175
    expect(settlementFee(10_050, 50)).toBe(50); // 50.25
    expect(settlementFee(100, 50)).toBe(1); // 0.5 -> 1
  });
});

const drivers = await testDrivers();

describe.each(drivers)("fee schedules with history on %s", (driver) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver);
  });
  afterAll(async () => t?.close());

  it("uses the schedule in force at the order's time: platform default, override, ended override", async () => {
    const [org] = await t.db.insert(organisations).values({ slug: `fees-${driver}`, name: "Fees Club", kind: "club" }).returning();
    // Before any schedule: the built-in default.
    expect((await scheduleInForce(t.db, org.id, new Date("2026-01-01"))).source).toBe("built_in");
    await recordFeeSchedule(t.db, null, { percentBps: 500, fixed: 30, min: 50, max: null, settlementPercentBps: 100, effectiveFrom: new Date("2026-01-01") });
    await recordFeeSchedule(t.db, null, { percentBps: 400, fixed: 25, min: 50, max: 5000, settlementPercentBps: 120, effectiveFrom: new Date("2026-06-01") });
    await recordFeeSchedule(t.db, org.id, { percentBps: 200, fixed: 0, min: null, max: null, settlementPercentBps: 0, effectiveFrom: new Date("2026-08-01") });
    await endFeeOverride(t.db, org.id, new Date("2026-10-01"));

    const at = async (d: string) => cardSaleFee(t.db, org.id, 10_000, new Date(d));
    expect(await at("2026-03-01")).toMatchObject({ source: "platform", fee: 530 });
    expect(await at("2026-07-01")).toMatchObject({ source: "platform", fee: 425 });
    expect(await at("2026-09-01")).toMatchObject({ source: "organisation", fee: 200 });
    expect(await at("2026-11-01")).toMatchObject({ source: "platform", fee: 425 });
    expect((await scheduleInForce(t.db, org.id, new Date("2026-09-01"))).settlementPercentBps).toBe(0);
    // A later-recorded change with the same date wins; the history keeps both.
    await recordFeeSchedule(t.db, null, { percentBps: 450, fixed: 25, min: 50, max: 5000, settlementPercentBps: 120, effectiveFrom: new Date("2026-06-01") });
    expect(await at("2026-07-01")).toMatchObject({ fee: 475 });
    expect(await feeHistory(t.db, null)).toHaveLength(3);
    expect(await feeHistory(t.db, org.id)).toHaveLength(2);
  });

  it("never edits or deletes a fee change in place", async () => {
    await expect(t.db.execute(sql`update fee_schedules set percent_bps = 1`)).rejects.toThrow();
    await expect(t.db.execute(sql`delete from fee_schedules`)).rejects.toThrow();
  });

  it("refuses a rule whose maximum is below its minimum", async () => {
    await expect(recordFeeSchedule(t.db, null, { percentBps: 1, fixed: 0, min: 100, max: 10, settlementPercentBps: 0, effectiveFrom: new Date() })).rejects.toThrow(/max/);
  });
});
