import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { calendarDate, parseCalendarDate } from "./dates";
import { emailAddress, isStorableJson, text, textProblem } from "./text";
import { parseField } from "./form";

describe("the text rule", () => {
  const description = text({ max: 20 });

  it("refuses NUL, other control characters and unpaired surrogates", () => {
    for (const bad of ["a\u0000b", "tab\there", "bell\u0007", "del\u007f", "c1\u0085", "\ud800", "x\udc00y", "\udbff\u0041"]) {
      expect(description.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(textProblem("\ud83d")).toBe("unpaired_surrogate");
    expect(textProblem("a\u0000")).toBe("control_character");
  });

  it("keeps paired surrogates (emoji), trims and normalises to NFC", () => {
    expect(description.parse("  Café 🎾  ")).toBe("Café 🎾");
    expect(description.parse("Cafe\u0301")).toBe("Caf\u00e9");
  });

  it("bounds the length after trimming and enforces a minimum when asked", () => {
    expect(description.safeParse("x".repeat(21)).success).toBe(false);
    expect(description.safeParse(` ${"x".repeat(20)} `).success).toBe(true);
    expect(text({ min: 1, max: 5, requiredMessage: "Enter it." }).safeParse("   ").error?.issues[0].message).toBe("Enter it.");
  });

  it("allows line breaks only in multi-line text", () => {
    expect(text({ max: 50 }).safeParse("a\nb").success).toBe(false);
    expect(text({ max: 50, multiline: true }).parse("a\nb\tc")).toBe("a\nb\tc");
    expect(text({ max: 50, multiline: true }).safeParse("a\u0000").success).toBe(false);
  });

  it("never lets an unstorable string through, whatever it is", () => {
    const loose = text({ max: 1000, multiline: true });
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (s) => {
        const r = loose.safeParse(s);
        if (r.success) {
          expect(r.data.includes("\u0000")).toBe(false);
          expect(textProblem(r.data, { multiline: true })).toBeNull();
        } else {
          expect(textProblem(s, { multiline: true }) !== null || s.trim().normalize("NFC").length > 1000).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("lower-cases email addresses and refuses broken ones", () => {
    expect(emailAddress().parse("  Ann@Example.COM ")).toBe("ann@example.com");
    expect(emailAddress().safeParse("ann\u0000@example.com").success).toBe(false);
    expect(emailAddress().safeParse(`${"a".repeat(250)}@example.com`).success).toBe(false);
    expect(emailAddress().safeParse("not an email").success).toBe(false);
  });

  it("finds unstorable strings anywhere in a JSON document, keys included", () => {
    expect(isStorableJson({ a: [1, { b: "ok" }] })).toBe(true);
    expect(isStorableJson({ a: [1, { b: "x\u0000" }] })).toBe(false);
    expect(isStorableJson({ ["k\ud800"]: 1 })).toBe(false);
  });

  it("words a form field's problem as a sentence", () => {
    expect(parseField(text({ max: 5 }), "a\u0000")).toEqual({ ok: false, message: "Must not contain control characters." });
    expect(parseField(text({ max: 5 }), " ok ")).toEqual({ ok: true, value: "ok" });
  });
});

describe("the date rule", () => {
  it("accepts real calendar days only", () => {
    expect(parseCalendarDate("2026-02-28")?.toISOString()).toBe("2026-02-28T00:00:00.000Z");
    expect(parseCalendarDate("2028-02-29")?.toISOString()).toBe("2028-02-29T00:00:00.000Z");
    for (const bad of ["2026-02-29", "2026-02-30", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00", "1969-12-31", "2026-1-1", "20260101", "2026-01-01T00:00:00Z", "", "２０２６-01-01"]) {
      expect(parseCalendarDate(bad), bad).toBeNull();
    }
  });

  it("round-trips every real day and refuses every rolled-over one", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1970, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
        const s = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
        const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
        const parsed = parseCalendarDate(s);
        if (d <= daysInMonth) expect(parsed?.toISOString().slice(0, 10)).toBe(s);
        else expect(parsed).toBeNull();
      }),
      { numRuns: 1000 },
    );
  });

  it("is a zod field that gives the day's UTC midnight", () => {
    expect(calendarDate().parse("2026-03-01").getTime()).toBe(Date.UTC(2026, 2, 1));
    expect(calendarDate().safeParse("2026-02-30").error?.issues[0].message).toBe("must be a real date like 2026-01-31");
  });
});
